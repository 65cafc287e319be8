-- The report's daily charts: per campaign, channel and metric (not ratios), every day
-- from the first day of the previous period to the last day of the campaign. A day
-- without data counts 0, as in campaign_growth (Meta sends no row for a day without
-- delivery), so a line never jumps over a gap; is_landed tells such a day from one the
-- channel never landed (whose 0 is unknown, not nothing).
with

daily as (

    select * from {{ ref('campaign_daily') }}

),

overview as (

    select * from {{ ref('campaign_overview') }}

),

landed_days as (

    select * from {{ ref('int_channel_landed_days') }}
    where is_landed

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
        grid.unit,
        daily.value is not null or landed_days.date is not null as is_landed

    from grid
    left join daily
        on grid.campaign_id = daily.campaign_id
        and grid.channel = daily.channel
        and grid.metric = daily.metric
        and grid.date = daily.date
        and grid.period = daily.period
    left join landed_days
        on grid.channel = landed_days.channel
        and grid.date = landed_days.date

)

select * from final
