{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'int_campaign_metric_periods'}}}) }}

-- Warns of a campaign channel whose money is in another currency than the campaign's
-- budget: that amount is left out of the campaign total (channel 'all'), as no
-- exchange rate is known.
with

metric_periods as (

    select * from {{ ref('int_campaign_metric_periods') }}

),

periods as (

    select * from {{ ref('int_campaign_periods') }}

)

select distinct
    metric_periods.campaign_id,
    metric_periods.channel,
    metric_periods.metric,
    metric_periods.unit,
    periods.budget_currency

from metric_periods
inner join periods
    on metric_periods.campaign_id = periods.campaign_id
    and metric_periods.period = periods.period
where metric_periods.channel != 'all'
    and {{ is_money('metric_periods.unit') }}
    and periods.budget_currency is not null
    and metric_periods.unit != periods.budget_currency
