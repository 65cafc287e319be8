{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'campaign_spend_currencies'}}}) }}

-- Warns of each campaign channel spending in a second currency: that spend is left out
-- of the channel's figures (spend, cpc, cost_per_reach, cost_per_conversion), as amounts
-- of two currencies are never added. Each row names the campaign, the channel, the
-- currency left out and its amount in the campaign window.
with

spend_currencies as (

    select * from {{ ref('campaign_spend_currencies') }}

)

select
    campaign_id,
    channel,
    currency,
    spend,
    previous_spend,
    baseline_spend

from spend_currencies
where not is_counted
