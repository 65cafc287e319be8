-- Each campaign's metrics per day and channel over its periods, for charts. A day of the
-- previous period also appears under 'baseline' when the baseline covers it. Money is
-- in the currency the campaign channel counts: amounts of two currencies never add up.
with

campaign_channel_daily as (

    select * from {{ ref('int_campaign_channel_daily') }}
    where is_counted

),

final as (

    select
        campaign_id,
        channel,
        metric,
        date,
        sum(value) as value,
        period,
        min(aggregation) as aggregation,
        min(unit) as unit

    from campaign_channel_daily
    group by campaign_id, channel, metric, date, period

)

select * from final
