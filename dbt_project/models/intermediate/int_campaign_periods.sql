-- The periods each campaign is measured over: current (the campaign), previous (the
-- same number of days just before) and, with baseline_months, the baseline (those
-- months before the campaign; the day of month is clamped as in pipelines/registry.py).
with

campaigns as (

    select * from {{ ref('stg_registry__campaigns') }}

),

current_period as (

    select
        campaign_id,
        'current' as period,
        start_date as period_start,
        end_date as period_end
    from campaigns

),

previous_period as (

    select
        campaign_id,
        'previous' as period,
        start_date - cast(end_date - start_date + 1 as integer) as period_start,
        start_date - 1 as period_end
    from campaigns

),

baseline_period as (

    select
        campaign_id,
        'baseline' as period,
        cast(start_date - to_months(baseline_months) as date) as period_start,
        start_date - 1 as period_end
    from campaigns
    where baseline_months is not null

),

unioned as (

    select * from current_period
    union all
    select * from previous_period
    union all
    select * from baseline_period

),

final as (

    select
        unioned.campaign_id,
        unioned.period,
        cast(unioned.period_start as date) as period_start,
        cast(unioned.period_end as date) as period_end,
        campaigns.baseline_months,
        campaigns.budget_currency

    from unioned
    inner join campaigns
        on unioned.campaign_id = campaigns.campaign_id

)

select * from final
