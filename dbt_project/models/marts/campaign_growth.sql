-- The growth mart (design.md): one row per (campaign_id, channel, metric) comparing the
-- campaign window with the previous window of the same length and, with
-- baseline_months, with the average month before the campaign. A window the channel
-- did not land whole has no previous or baseline value (NULL, so no growth), never 0;
-- the *_covered columns say which windows were landed whole.
with

periods as (

    select * from {{ ref('int_campaign_periods') }}

),

metric_periods as (

    select * from {{ ref('int_campaign_metric_periods') }}

),

ratio_periods as (

    select * from {{ ref('int_campaign_ratio_periods') }}

),

period_values as (

    select campaign_id, channel, metric, period, method, unit, value, is_covered
    from metric_periods
    union all
    select campaign_id, channel, metric, period, method, unit, value, is_covered
    from ratio_periods

),

pivoted as (

    select
        campaign_id,
        channel,
        metric,
        min(method) as method,
        min(unit) as unit,
        max(value) filter (where period = 'current') as current_value,
        max(value) filter (where period = 'previous') as previous_value,
        max(value) filter (where period = 'baseline') as baseline_total,
        bool_and(is_covered) filter (where period = 'current') as current_covered,
        bool_and(is_covered) filter (where period = 'previous') as previous_covered,
        bool_and(is_covered) filter (where period = 'baseline') as baseline_covered
    from period_values
    group by campaign_id, channel, metric

),

windows as (

    select
        campaign_id,
        max(period_start) filter (where period = 'current') as current_start,
        max(period_end) filter (where period = 'current') as current_end,
        max(period_start) filter (where period = 'previous') as previous_start,
        max(period_end) filter (where period = 'previous') as previous_end,
        max(baseline_months) as baseline_months
    from periods
    group by campaign_id

),

with_baseline as (

    select
        pivoted.*,
        windows.current_start,
        windows.current_end,
        windows.previous_start,
        windows.previous_end,
        -- the average month: ratios are already per anything, totals are divided
        case
            when pivoted.method = 'ratio' then pivoted.baseline_total
            else pivoted.baseline_total / windows.baseline_months
        end as baseline_value

    from pivoted
    inner join windows
        on pivoted.campaign_id = windows.campaign_id

),

final as (

    select
        campaign_id,
        channel,
        metric,
        current_start,
        current_end,
        previous_start,
        previous_end,
        current_value,
        previous_value,
        {{ growth_pct('current_value', 'previous_value') }} as growth_pct,
        baseline_value,
        {{ growth_pct('current_value', 'baseline_value') }} as baseline_growth_pct,
        method,
        unit,
        current_covered,
        previous_covered,
        baseline_covered

    from with_baseline

)

select * from final
