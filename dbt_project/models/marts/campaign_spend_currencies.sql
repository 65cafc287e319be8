-- Every campaign channel's spend per currency, and which currency its figures count:
-- what the growth mart leaves out (no exchange rate is known) is here, with its amount.
with

campaign_channel_daily as (

    select * from {{ ref('int_campaign_channel_daily') }}

),

final as (

    select
        campaign_id,
        channel,
        unit as currency,
        cast(sum(cast(value as decimal(38, 6))) filter (where period = 'current') as double)
            as spend,
        cast(sum(cast(value as decimal(38, 6))) filter (where period = 'previous') as double)
            as previous_spend,
        cast(sum(cast(value as decimal(38, 6))) filter (where period = 'baseline') as double)
            as baseline_spend,
        bool_and(is_counted) as is_counted

    from campaign_channel_daily
    where unit is not null and unit not in ('count', 'percent')
    group by campaign_id, channel, unit

)

select * from final
