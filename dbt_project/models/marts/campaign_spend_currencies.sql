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
        {{ exact_sum('value', "period = 'current'") }} as spend,
        {{ exact_sum('value', "period = 'previous'") }} as previous_spend,
        {{ exact_sum('value', "period = 'baseline'") }} as baseline_spend,
        bool_and(is_counted) as is_counted

    from campaign_channel_daily
    where {{ is_money('unit') }}
    group by campaign_id, channel, unit

)

select * from final
