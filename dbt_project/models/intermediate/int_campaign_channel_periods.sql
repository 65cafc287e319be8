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
        {{ exact_sum('value', 'is_counted') }} as value,
        {{ exact_sum('value', 'counts_for_costs') }} as value_for_costs,
        bool_and(counts_for_costs) as all_count_for_costs,
        min(aggregation) as aggregation,
        min(unit) filter (where is_counted) as unit

    from campaign_channel_daily
    group by campaign_id, channel, metric, period

)

select * from final
