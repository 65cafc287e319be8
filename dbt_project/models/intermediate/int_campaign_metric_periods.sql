-- Each campaign's counted metrics (not ratios) per channel and period, with how the
-- value was obtained, plus the campaign totals (channel 'all').
--
-- Rules (the contract is the campaign_growth mart in design.md):
--   * a metric seen in the current or the previous period gets a row for every period
--     of the campaign; a period without data counts 0, so growth from 0 is NULL rather
--     than a missing row (Meta sends no row for a day without delivery);
--   * a daily_unique metric (reach) takes the source's exact value for the period
--     ('period_unique') only when both current and previous have one, each from one
--     account at most (per-account counts add up a person reached by two accounts
--     twice), so the two are comparable; otherwise the sum of daily values
--     ('daily_unique_sum') for all periods. The baseline has no exact value: NULL for
--     'period_unique' rows;
--   * 'all' sums each metric over the channels that have it; reach there is always
--     the sum of daily values ('daily_unique_sum', an upper bound across channels);
--     spend only where it is in the campaign's budget currency (no exchange rates).
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
        exact_metrics.metric is not null as has_exact_values

    from compared_metrics
    inner join periods
        on compared_metrics.campaign_id = periods.campaign_id
    left join exact_metrics
        on compared_metrics.campaign_id = exact_metrics.campaign_id
        and compared_metrics.channel = exact_metrics.channel
        and compared_metrics.metric = exact_metrics.metric

),

channel_values as (

    select
        grid.campaign_id,
        grid.channel,
        grid.metric,
        grid.period,
        grid.aggregation,
        grid.unit,
        grid.budget_currency,
        coalesce(channel_periods.value, 0) as daily_total,
        case
            when grid.aggregation = 'sum' then 'sum'
            when grid.has_exact_values then 'period_unique'
            else 'daily_unique_sum'
        end as method,
        case
            when grid.aggregation = 'daily_unique' and grid.has_exact_values
                then period_uniques.value
            else coalesce(channel_periods.value, 0)
        end as value

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

all_channel_units as (

    -- a money metric is totalled in the budget currency (or the channels' own one when
    -- the campaign has no budget); counts stay counts
    select
        campaign_id,
        metric,
        case
            when min(unit) in ('count', 'percent') then min(unit)
            else coalesce(min(budget_currency), min(unit))
        end as unit
    from channel_values
    group by campaign_id, metric

),

all_channels as (

    select
        channel_values.campaign_id,
        'all' as channel,
        channel_values.metric,
        channel_values.period,
        case when min(channel_values.aggregation) = 'sum' then 'sum' else 'daily_unique_sum' end
            as method,
        all_channel_units.unit,
        coalesce(sum(channel_values.daily_total) filter (
            where channel_values.unit = all_channel_units.unit
        ), 0) as value

    from channel_values
    inner join all_channel_units
        on channel_values.campaign_id = all_channel_units.campaign_id
        and channel_values.metric = all_channel_units.metric
    group by
        channel_values.campaign_id,
        channel_values.metric,
        channel_values.period,
        all_channel_units.unit

),

final as (

    select campaign_id, channel, metric, period, method, unit, value
    from channel_values

    union all

    select campaign_id, channel, metric, period, method, unit, value
    from all_channels

)

select * from final
