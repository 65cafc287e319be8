-- What each campaign spent, per channel and in all, against its budget. Every campaign
-- has an 'all' row, with a null spend when no channel reports any. Amounts of two
-- currencies are never added: a channel's spend is in the one currency it counts, the
-- total in the budget's; currencies_left_out names what each row leaves out
-- (campaign_spend_currencies has the amounts).
with

growth as (

    select * from {{ ref('campaign_growth') }}

),

overview as (

    select * from {{ ref('campaign_overview') }}

),

spend_currencies as (

    select * from {{ ref('campaign_spend_currencies') }}
    where spend is not null or previous_spend is not null

),

spend as (

    select
        campaign_id,
        channel,
        current_value as spend,
        previous_value as previous_spend,
        unit as currency
    from growth
    where metric = 'spend'

),

channel_spend as (

    select * from spend
    where channel != 'all'

),

total_spend as (

    -- campaign_growth's total is in the budget currency (other currencies left out)
    select
        overview.campaign_id,
        'all' as channel,
        spend.spend,
        spend.previous_spend,
        coalesce(spend.currency, overview.budget_currency) as currency
    from overview
    left join spend
        on overview.campaign_id = spend.campaign_id
        and spend.channel = 'all'

),

unioned as (

    select campaign_id, channel, spend, previous_spend, currency from channel_spend
    union all
    select campaign_id, channel, spend, previous_spend, currency from total_spend

),

left_out as (

    -- a channel leaves out its currencies it does not count; the total every currency
    -- but its own
    select
        unioned.campaign_id,
        unioned.channel,
        string_agg(distinct spend_currencies.currency, ', '
                   order by spend_currencies.currency) as currencies_left_out
    from unioned
    inner join spend_currencies
        on unioned.campaign_id = spend_currencies.campaign_id
        and (unioned.channel = 'all' or unioned.channel = spend_currencies.channel)
        and spend_currencies.currency is distinct from unioned.currency
    group by unioned.campaign_id, unioned.channel

),

final as (

    select
        unioned.campaign_id,
        unioned.channel,
        unioned.spend,
        unioned.previous_spend,
        unioned.currency,
        overview.budget_amount,
        overview.budget_currency,
        unioned.currency = overview.budget_currency as in_budget_currency,
        case
            when unioned.currency = total_spend.currency
                then unioned.spend / nullif(total_spend.spend, 0) * 100
        end as share_of_spend_pct,
        case
            when unioned.currency = overview.budget_currency
                then unioned.spend / nullif(overview.budget_amount, 0) * 100
        end as budget_used_pct,
        case
            when unioned.channel = 'all' and unioned.currency = overview.budget_currency
                then overview.budget_amount - coalesce(unioned.spend, 0)
        end as budget_remaining,
        left_out.currencies_left_out

    from unioned
    inner join overview
        on unioned.campaign_id = overview.campaign_id
    inner join total_spend
        on unioned.campaign_id = total_spend.campaign_id
    left join left_out
        on unioned.campaign_id = left_out.campaign_id
        and unioned.channel = left_out.channel

)

select * from final
