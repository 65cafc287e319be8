-- Each campaign's channel metrics summed over each period (for daily_unique metrics
-- the sum of daily unique counts: an upper bound, never people).
with

campaign_channel_daily as (

    select * from {{ ref('int_campaign_channel_daily') }}

),

final as (

    select
        campaign_id,
        channel,
        metric,
        period,
        -- summed as decimals so money adds up to the cent (14.35 + ... is exact),
        -- then back to double like every other value
        cast(sum(cast(value as decimal(38, 6))) as double) as value,
        min(aggregation) as aggregation,
        min(unit) as unit,
        count(distinct date) as days_with_data

    from campaign_channel_daily
    group by campaign_id, channel, metric, period

)

select * from final
