{{ config(materialized='table') }}

-- Fact rows attributed to campaign periods through the registry's channel selectors.
-- A table, not a view: every period total, ratio, coverage figure and daily series of
-- the marts reads it, and attributing millions of fact rows once costs seconds.
-- A day can sit in two periods of one campaign (the previous period lies inside the
-- baseline), and a row can belong to several campaigns. A file channel's row that
-- names a campaign (pulse_campaign_id) belongs to that campaign alone, whatever the
-- registry's selectors say.
--
-- Amounts of two currencies are never added (no exchange rate is known). Each campaign
-- channel counts its money in one currency, the same in every period so that they
-- compare: the campaign's budget currency when the channel spent in it, else the
-- channel's only currency, else the first by code. Rows in another currency are kept
-- but marked not counted, and the rows of an account that spent only in such a currency
-- are left out of the cost ratios' denominators (its clicks were bought with money the
-- ratio's numerator leaves out).
with

channel_daily as (

    select * from {{ ref('fct_channel_daily') }}

),

periods as (

    select * from {{ ref('int_campaign_periods') }}

),

selectors as (

    select * from {{ ref('stg_registry__channels') }}

),

campaigns as (

    select * from {{ ref('stg_registry__campaigns') }}

),

period_days as (

    -- every day of every compared period of every campaign: attribution joins facts to
    -- campaigns on equal days, never on a date range (a range join of every fact row
    -- against every period grows with facts x campaigns)
    select
        campaign_id,
        period,
        cast(unnest(generate_series(period_start, period_end, interval 1 day)) as date)
            as date
    from periods

),

distinct_selectors as (

    -- a value listed twice selects its rows once
    select distinct campaign_id, channel, selector, selector_value
    from selectors

),

selector_days as (

    select
        period_days.campaign_id,
        period_days.period,
        period_days.date,
        distinct_selectors.channel,
        distinct_selectors.selector,
        distinct_selectors.selector_value
    from period_days
    inner join distinct_selectors
        on period_days.campaign_id = distinct_selectors.campaign_id
    where distinct_selectors.selector in ('account', 'campaign_ids')

),

name_channel_days as (

    -- the days of the campaign channels selected by name (patterns applied below)
    select distinct
        period_days.campaign_id,
        period_days.period,
        period_days.date,
        distinct_selectors.channel
    from period_days
    inner join distinct_selectors
        on period_days.campaign_id = distinct_selectors.campaign_id
    where distinct_selectors.selector = 'campaign_name_contains'

),

by_account_or_id as (

    -- one selector per campaign channel: 'account' takes the channel's rows, a
    -- campaign id the rows of that object
    select selector_days.campaign_id, selector_days.period, channel_daily.*
    from channel_daily
    inner join selector_days
        on channel_daily.date = selector_days.date
        and channel_daily.channel = selector_days.channel
        and (selector_days.selector = 'account'
             or channel_daily.object_id = selector_days.selector_value)
    where channel_daily.pulse_campaign_id is null

),

by_name as (

    select name_channel_days.campaign_id, name_channel_days.period, channel_daily.*
    from channel_daily
    inner join name_channel_days
        on channel_daily.date = name_channel_days.date
        and channel_daily.channel = name_channel_days.channel
    where channel_daily.pulse_campaign_id is null
        -- exists, not a join: a row matched by two patterns counts once
        and exists (
            select 1
            from distinct_selectors
            where distinct_selectors.campaign_id = name_channel_days.campaign_id
                and distinct_selectors.channel = channel_daily.channel
                and distinct_selectors.selector = 'campaign_name_contains'
                and contains(lower(channel_daily.object_name),
                             lower(distinct_selectors.selector_value))
        )

),

by_campaign_row as (

    -- a file row naming its campaign belongs to it alone, whatever the selectors say
    select period_days.campaign_id, period_days.period, channel_daily.*
    from channel_daily
    inner join period_days
        on channel_daily.date = period_days.date
        and channel_daily.pulse_campaign_id = period_days.campaign_id

),

attributed as (

    select
        campaign_id,
        period,
        date,
        channel,
        account_id,
        object_id,
        object_name,
        metric,
        value,
        aggregation,
        unit
    from (
        select * from by_account_or_id
        union all
        select * from by_name
        union all
        select * from by_campaign_row
    )

),

money as (

    select
        *,
        {{ is_money('unit') }} as is_money
    from attributed

),

counted_currencies as (

    select
        money.campaign_id,
        money.channel,
        case
            when bool_or(money.unit = campaigns.budget_currency) then min(campaigns.budget_currency)
            else min(money.unit)
        end as counted_currency
    from money
    inner join campaigns
        on money.campaign_id = campaigns.campaign_id
    where money.is_money
    group by money.campaign_id, money.channel

),

left_out_accounts as (

    -- accounts whose money is all in a currency the channel does not count
    select
        money.campaign_id,
        money.channel,
        money.account_id
    from money
    inner join counted_currencies
        on money.campaign_id = counted_currencies.campaign_id
        and money.channel = counted_currencies.channel
    where money.is_money
    group by
        money.campaign_id, money.channel, money.account_id, counted_currencies.counted_currency
    having not bool_or(money.unit = counted_currencies.counted_currency)

),

final as (

    select
        money.campaign_id,
        money.period,
        money.date,
        money.channel,
        money.account_id,
        money.object_id,
        money.object_name,
        money.metric,
        money.value,
        money.aggregation,
        money.unit,
        not money.is_money or money.unit = counted_currencies.counted_currency as is_counted,
        left_out_accounts.account_id is null
            and (not money.is_money or money.unit = counted_currencies.counted_currency)
            as counts_for_costs

    from money
    left join counted_currencies
        on money.campaign_id = counted_currencies.campaign_id
        and money.channel = counted_currencies.channel
    left join left_out_accounts
        on money.campaign_id = left_out_accounts.campaign_id
        and money.channel = left_out_accounts.channel
        and money.account_id = left_out_accounts.account_id

)

select * from final
