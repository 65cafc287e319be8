-- The report's daily charts: per campaign, channel and metric (not ratios), every day
-- from the first day of the previous period to the last day of the campaign. A day
-- without data counts 0, as in campaign_growth (Meta sends no row for a day without
-- delivery), so a line never jumps over a gap.
with

daily as (

    select * from {{ ref('campaign_daily') }}

),

overview as (

    select * from {{ ref('campaign_overview') }}

),

charted as (

    select distinct
        campaign_id,
        channel,
        metric,
        aggregation,
        unit
    from daily
    where period in ('previous', 'current')

),

days as (

    select
        campaign_id,
        start_date,
        cast(unnest(generate_series(previous_start, end_date, interval 1 day)) as date)
            as date
    from overview

),

grid as (

    select
        charted.campaign_id,
        charted.channel,
        charted.metric,
        charted.aggregation,
        charted.unit,
        days.date,
        case when days.date >= days.start_date then 'current' else 'previous' end as period

    from charted
    inner join days
        on charted.campaign_id = days.campaign_id

),

final as (

    select
        grid.campaign_id,
        grid.channel,
        grid.metric,
        grid.date,
        grid.period,
        coalesce(daily.value, 0) as value,
        grid.aggregation,
        grid.unit

    from grid
    left join daily
        on grid.campaign_id = daily.campaign_id
        and grid.channel = daily.channel
        and grid.metric = daily.metric
        and grid.date = daily.date
        and grid.period = daily.period

)

select * from final
