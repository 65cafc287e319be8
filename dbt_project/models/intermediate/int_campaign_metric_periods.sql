-- Each campaign's counted metrics (not ratios) per channel and period, with how the
-- value was obtained, plus the campaign totals (channel 'all').
--
-- Rules (the contract is the campaign_growth mart in design.md):
--   * a metric seen in the current or the previous period gets a row for every period
--     of the campaign. A period the channel landed counts 0 where it has no row (Meta
--     sends no row for a day without delivery): growth from 0 is NULL rather than a
--     missing row. A period the channel did not land has no value (NULL), never 0:
--     the previous period and the baseline need every one of their days landed, the
--     campaign window at least one (a running campaign's figures so far);
--     int_campaign_channel_coverage says which days landed;
--   * a daily_unique metric (reach) takes the source's exact value for the period
--     ('period_unique') only when both current and previous have one, each from one
--     account at most (per-account counts add up a person reached by two accounts
--     twice), so the two are comparable; otherwise the sum of daily values
--     ('daily_unique_sum') for all periods. The baseline has no exact value: NULL for
--     'period_unique' rows;
--   * 'all' sums each metric over the channels that have it, and is NULL when one of
--     them has no value for the period (a total missing a channel would be too small);
--     reach there is always the sum of daily values ('daily_unique_sum', an upper bound
--     across channels); money only where it is in the campaign's budget currency (else
--     the first of the channels' currencies), as no exchange rate is known;
--   * value_for_costs is the denominator the cost ratios divide the period's spend by:
--     the value without the accounts whose money is left out (another currency).
with

periods as (

    select * from {{ ref('int_campaign_periods') }}

),

channel_periods as (

    select * from {{ ref('int_campaign_channel_periods') }}

),

period_uniques as (

    select * from {{ ref('int_campaign_period_uniques') }}

),

coverage as (

    select * from {{ ref('int_campaign_channel_coverage') }}

),

compared_metrics as (

    select
        campaign_id,
        channel,
        metric,
        min(aggregation) as aggregation,
        min(unit) as unit
    from (
        select campaign_id, channel, metric, aggregation, unit
        from channel_periods
        where period in ('current', 'previous')

        union all

        select campaign_id, channel, metric, 'daily_unique' as aggregation, 'count' as unit
        from period_uniques
    ) as seen
    group by campaign_id, channel, metric

),

exact_metrics as (

    select
        campaign_id,
        channel,
        metric
    from period_uniques
    where period in ('current', 'previous')
    group by campaign_id, channel, metric
    having count(distinct period) = 2
        and max(accounts_counted) <= 1

),

grid as (

    select
        compared_metrics.campaign_id,
        compared_metrics.channel,
        compared_metrics.metric,
        compared_metrics.aggregation,
        compared_metrics.unit,
        periods.period,
        periods.budget_currency,
        exact_metrics.metric is not null as has_exact_values,
        coalesce(coverage.is_covered, false) as is_covered,
        case
            when periods.period = 'current' then coalesce(coverage.days_landed, 0) > 0
            else coalesce(coverage.is_covered, false)
        end as is_known

    from compared_metrics
    inner join periods
        on compared_metrics.campaign_id = periods.campaign_id
    left join exact_metrics
        on compared_metrics.campaign_id = exact_metrics.campaign_id
        and compared_metrics.channel = exact_metrics.channel
        and compared_metrics.metric = exact_metrics.metric
    left join coverage
        on compared_metrics.campaign_id = coverage.campaign_id
        and compared_metrics.channel = coverage.channel
        and periods.period = coverage.period

),

landed_values as (

    -- the values as if every period had landed; channel_values keeps the known ones
    select
        grid.*,
        coalesce(channel_periods.value, 0) as daily_total,
        case
            when grid.aggregation = 'daily_unique' and grid.has_exact_values
                then period_uniques.value
            else coalesce(channel_periods.value, 0)
        end as value,
        coalesce(channel_periods.all_count_for_costs, true) as all_count_for_costs,
        coalesce(channel_periods.value_for_costs, 0) as daily_total_for_costs

    from grid
    left join channel_periods
        on grid.campaign_id = channel_periods.campaign_id
        and grid.channel = channel_periods.channel
        and grid.metric = channel_periods.metric
        and grid.period = channel_periods.period
    left join period_uniques
        on grid.campaign_id = period_uniques.campaign_id
        and grid.channel = period_uniques.channel
        and grid.metric = period_uniques.metric
        and grid.period = period_uniques.period

),

channel_values as (

    select
        campaign_id,
        channel,
        metric,
        period,
        aggregation,
        unit,
        budget_currency,
        is_covered,
        case when is_known then daily_total end as daily_total,
        case when is_known then daily_total_for_costs end as daily_total_for_costs,
        case
            when aggregation = 'sum' then 'sum'
            when has_exact_values then 'period_unique'
            else 'daily_unique_sum'
        end as method,
        case when is_known then value end as value,
        -- with no account left out the cost ratios divide by the value itself (an exact
        -- reach included)
        case
            when not is_known then null
            when all_count_for_costs then value
            else daily_total_for_costs
        end as value_for_costs

    from landed_values

),

channel_money as (

    -- the currency each channel's money is counted in (none: the channel spends nothing)
    select
        campaign_id,
        channel,
        min(unit) as currency
    from channel_values
    where {{ is_money('unit') }}
    group by campaign_id, channel

),

campaign_money as (

    -- the campaign totals' currency: the budget's, else the first of the channels'
    select
        periods.campaign_id,
        coalesce(min(periods.budget_currency), min(channel_money.currency)) as currency
    from periods
    left join channel_money
        on periods.campaign_id = channel_money.campaign_id
    group by periods.campaign_id

),

all_channel_units as (

    -- a money metric is totalled in the campaign's currency; counts stay counts
    select
        channel_values.campaign_id,
        channel_values.metric,
        case
            when min(channel_values.unit) in ('count', 'percent') then min(channel_values.unit)
            else min(campaign_money.currency)
        end as unit
    from channel_values
    inner join campaign_money
        on channel_values.campaign_id = campaign_money.campaign_id
    group by channel_values.campaign_id, channel_values.metric

),

totalled as (

    select
        channel_values.*,
        channel_values.unit = all_channel_units.unit as adds_to_total,
        -- a channel whose money the total leaves out leaves its clicks (reach,
        -- conversions) out of the total's cost ratios too
        channel_money.currency is null or channel_money.currency = campaign_money.currency
            as adds_to_costs,
        all_channel_units.unit as total_unit

    from channel_values
    inner join all_channel_units
        on channel_values.campaign_id = all_channel_units.campaign_id
        and channel_values.metric = all_channel_units.metric
    inner join campaign_money
        on channel_values.campaign_id = campaign_money.campaign_id
    left join channel_money
        on channel_values.campaign_id = channel_money.campaign_id
        and channel_values.channel = channel_money.channel

),

all_channels as (

    select
        campaign_id,
        'all' as channel,
        metric,
        period,
        case when min(aggregation) = 'sum' then 'sum' else 'daily_unique_sum' end as method,
        total_unit as unit,
        coalesce(bool_and(is_covered) filter (where adds_to_total), true) as is_covered,
        case
            when coalesce(bool_and(daily_total is not null) filter (where adds_to_total), true)
                then coalesce(sum(daily_total) filter (where adds_to_total), 0)
        end as value,
        case
            when coalesce(
                bool_and(daily_total_for_costs is not null) filter (where adds_to_costs), true)
                then coalesce(sum(daily_total_for_costs) filter (where adds_to_costs), 0)
        end as value_for_costs

    from totalled
    group by campaign_id, metric, period, total_unit

),

final as (

    select
        campaign_id, channel, metric, period, method, unit, value, value_for_costs,
        is_covered
    from channel_values

    union all

    select
        campaign_id, channel, metric, period, method, unit, value, value_for_costs,
        is_covered
    from all_channels

)

select * from final
