-- Which days of each campaign period every channel of the campaign has landed: why a
-- previous or baseline figure of campaign_growth is NULL (not landed whole), and what
-- to re-run (`pulse run --from ... --to ... --channel ...`) to get it.
with

coverage as (

    select * from {{ ref('int_campaign_channel_coverage') }}

),

final as (

    select
        campaign_id,
        channel,
        period,
        period_start,
        period_end,
        period_days,
        days_landed,
        period_days - days_landed as days_missing,
        first_day_landed,
        last_day_landed,
        is_covered

    from coverage

)

select * from final
