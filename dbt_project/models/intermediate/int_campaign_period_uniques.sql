-- Unique counts the sources computed for exactly a campaign's current or previous
-- period (Meta ads period reach, Instagram total_value reach), per account, then summed
-- over accounts. A value computed for other dates (the registry's dates changed since)
-- is ignored. The sum is exact only when one account at most counted anyone: one person
-- reached by two accounts is in both counts, so accounts_counted tells the metric
-- periods model when to fall back to daily sums.
-- Mailchimp's people who opened / clicked are exact for a period holding one of the
-- campaign's mailings (that mailing's own count) or none (0); with several, one person
-- may have opened more than one, so there is no exact value and the mart sums them.
with

ads_period_reach as (

    select * from {{ ref('stg_meta__ads_period_reach') }}

),

instagram_period_totals as (

    select * from {{ ref('stg_meta__instagram_period_totals') }}

),

periods as (

    select * from {{ ref('int_campaign_periods') }}

),

campaign_channel_daily as (

    select * from {{ ref('int_campaign_channel_daily') }}

),

meta_ads as (

    select
        campaign_id,
        'meta_ads' as channel,
        account_id,
        'reach' as metric,
        period,
        period_start,
        period_end,
        reach as value
    from ads_period_reach

),

instagram as (

    select
        campaign_id,
        'instagram' as channel,
        ig_user_id as account_id,
        metric,
        period,
        period_start,
        period_end,
        value
    from instagram_period_totals
    -- additive totals add nothing to the daily sums; only unique counts need the source
    where aggregation = 'daily_unique'

),

mailings as (

    select
        campaign_id,
        period,
        metric,
        count(distinct object_id) as mailings,
        sum(value) as value
    from campaign_channel_daily
    where channel = 'mailchimp' and metric in ('opens_unique', 'clicks_unique')
    group by campaign_id, period, metric

),

mailchimp_metrics as (

    -- the campaigns with a mailing in a compared period (no rows without any data)
    select distinct campaign_id, metric
    from mailings
    where period in ('current', 'previous')

),

mailchimp as (

    select
        mailchimp_metrics.campaign_id,
        'mailchimp' as channel,
        -- one Mailchimp account; one mailing at most (below)
        'mailchimp' as account_id,
        mailchimp_metrics.metric,
        periods.period,
        periods.period_start,
        periods.period_end,
        coalesce(mailings.value, 0) as value
    from mailchimp_metrics
    inner join periods
        on mailchimp_metrics.campaign_id = periods.campaign_id
        and periods.period in ('current', 'previous')
    left join mailings
        on mailchimp_metrics.campaign_id = mailings.campaign_id
        and mailchimp_metrics.metric = mailings.metric
        and periods.period = mailings.period
    where coalesce(mailings.mailings, 0) <= 1

),

unioned as (

    select * from meta_ads
    union all
    select * from instagram
    union all
    select * from mailchimp

),

final as (

    select
        unioned.campaign_id,
        unioned.channel,
        unioned.metric,
        unioned.period,
        sum(unioned.value) as value,
        count(*) as accounts,
        -- the accounts whose count is not 0: with two or more the sum is an upper bound
        count(*) filter (where unioned.value != 0) as accounts_counted

    from unioned
    inner join periods
        on unioned.campaign_id = periods.campaign_id
        and unioned.period = periods.period
        and unioned.period_start = periods.period_start
        and unioned.period_end = periods.period_end
    group by unioned.campaign_id, unioned.channel, unioned.metric, unioned.period

)

select * from final
