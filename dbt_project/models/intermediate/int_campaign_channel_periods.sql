-- Each campaign's channel metrics summed over each period (for daily_unique metrics
-- the sum of daily unique counts: an upper bound, never people). Money is summed in the
-- one currency the campaign channel counts (int_campaign_channel_daily): amounts of two
-- currencies are never added.
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
        cast(sum(cast(value as decimal(38, 6))) filter (where is_counted) as double) as value,
        cast(sum(cast(value as decimal(38, 6))) filter (where counts_for_costs) as double)
            as value_for_costs,
        bool_and(counts_for_costs) as all_count_for_costs,
        min(aggregation) as aggregation,
        min(unit) filter (where is_counted) as unit,
        count(distinct date) filter (where is_counted) as days_with_data

    from campaign_channel_daily
    group by campaign_id, channel, metric, period

)

select * from final
