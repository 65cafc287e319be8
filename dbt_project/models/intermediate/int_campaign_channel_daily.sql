-- Fact rows attributed to campaign periods through the registry's channel selectors.
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

attributed as (

    select
        periods.campaign_id,
        periods.period,
        channel_daily.date,
        channel_daily.channel,
        channel_daily.account_id,
        channel_daily.object_id,
        channel_daily.object_name,
        channel_daily.metric,
        channel_daily.value,
        channel_daily.aggregation,
        channel_daily.unit

    from channel_daily
    inner join periods
        on channel_daily.date between periods.period_start and periods.period_end
    where channel_daily.pulse_campaign_id = periods.campaign_id
        -- exists, not a join: a row matched by two selector values counts once
        or (channel_daily.pulse_campaign_id is null and exists (
        select 1
        from selectors
        where selectors.campaign_id = periods.campaign_id
            and selectors.channel = channel_daily.channel
            and (
                selectors.selector = 'account'
                or (
                    selectors.selector = 'campaign_ids'
                    and channel_daily.object_id = selectors.selector_value
                )
                or (
                    selectors.selector = 'campaign_name_contains'
                    and contains(lower(channel_daily.object_name), lower(selectors.selector_value))
                )
            )
    ))

),

money as (

    select
        *,
        unit is not null and unit not in ('count', 'percent') as is_money
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
