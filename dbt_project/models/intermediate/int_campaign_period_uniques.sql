-- Unique counts the sources computed for exactly a campaign's current or previous
-- period (Meta ads period reach, Instagram total_value reach), summed over accounts.
-- A value computed for other dates (the registry's dates changed since) is ignored.
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

meta_ads as (

    select
        campaign_id,
        'meta_ads' as channel,
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
        metric,
        period,
        period_start,
        period_end,
        value
    from instagram_period_totals
    -- additive totals add nothing to the daily sums; only unique counts need the source
    where aggregation = 'daily_unique'

),

unioned as (

    select * from meta_ads
    union all
    select * from instagram

),

final as (

    select
        unioned.campaign_id,
        unioned.channel,
        unioned.metric,
        unioned.period,
        sum(unioned.value) as value,
        count(*) as accounts

    from unioned
    inner join periods
        on unioned.campaign_id = periods.campaign_id
        and unioned.period = periods.period
        and unioned.period_start = periods.period_start
        and unioned.period_end = periods.period_end
    group by unioned.campaign_id, unioned.channel, unioned.metric, unioned.period

)

select * from final
