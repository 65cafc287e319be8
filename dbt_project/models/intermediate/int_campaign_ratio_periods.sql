-- Ratios per campaign, channel and period, recomputed from that period's totals (never
-- summed or averaged). A ratio exists where its parts exist for the channel; its value
-- is NULL when the denominator is 0 (or unknown, e.g. a baseline of exact reach).
--   ctr               = clicks / impressions * 100          (percent)
--   cpc               = spend / clicks                      (spend's currency)
--   cost_per_reach    = spend / reach                       (spend's currency)
--   cost_per_conversion = spend / conversions               (spend's currency; the cost per
--                       result of Google Ads, per channel only: other channels' spend
--                       has no conversions to divide by)
--   engagement_rate   = engagements / impressions * 100, or / views where the channel
--                       has no impressions (Meta replaced impressions by views)
--   open_rate         = opens_unique / delivered * 100, delivered = emails_sent - bounces
--                       (Mailchimp's own denominator; emails_sent where no bounces are known)
--   click_to_open_rate = clicks_unique / opens_unique * 100 (people who clicked among
--                       people who opened)
-- The campaign totals (channel 'all') get ctr, cpc and cost_per_reach.
-- A cost ratio divides the spend counted (one currency) by the clicks, reach or
-- conversions of the same accounts (value_for_costs): clicks bought in a currency the
-- spend leaves out are left out with it. A ratio over a period its channel did not land
-- is NULL (its parts are), and is_covered says whether every part was landed whole.
with

metric_periods as (

    select * from {{ ref('int_campaign_metric_periods') }}

),

parts as (

    -- per part: its total, whether its period landed whole (null: the part is not
    -- there), and whether the channel has it at all
    select
        campaign_id,
        channel,
        period,
        {% for part in ['impressions', 'views', 'clicks', 'spend', 'reach', 'conversions',
                        'engagements', 'emails_sent', 'bounces', 'opens_unique',
                        'clicks_unique'] %}
        sum(value) filter (where metric = '{{ part }}') as {{ part }},
        bool_and(is_covered) filter (where metric = '{{ part }}') as {{ part }}_covered,
        bool_or(metric = '{{ part }}') as has_{{ part }},
        {% endfor %}
        min(unit) filter (where metric = 'spend') as spend_unit,

        -- the cost ratios' denominators: the accounts whose spend is counted
        sum(value_for_costs) filter (where metric = 'clicks') as clicks_for_costs,
        sum(value_for_costs) filter (where metric = 'reach') as reach_for_costs,
        sum(value_for_costs) filter (where metric = 'conversions') as conversions_for_costs

    from metric_periods
    group by campaign_id, channel, period

),

ratios as (

    select campaign_id, channel, period, 'ctr' as metric, 'percent' as unit,
        clicks / nullif(impressions, 0) * 100 as value,
        clicks_covered and impressions_covered as is_covered
    from parts
    where has_clicks and has_impressions

    union all

    select campaign_id, channel, period, 'cpc' as metric, spend_unit as unit,
        spend / nullif(clicks_for_costs, 0) as value,
        spend_covered and clicks_covered as is_covered
    from parts
    where has_spend and has_clicks

    union all

    select campaign_id, channel, period, 'cost_per_reach' as metric, spend_unit as unit,
        spend / nullif(reach_for_costs, 0) as value,
        spend_covered and reach_covered as is_covered
    from parts
    where has_spend and has_reach

    union all

    select campaign_id, channel, period, 'cost_per_conversion' as metric, spend_unit as unit,
        spend / nullif(conversions_for_costs, 0) as value,
        spend_covered and conversions_covered as is_covered
    from parts
    where channel != 'all' and has_spend and has_conversions

    union all

    select campaign_id, channel, period, 'engagement_rate' as metric, 'percent' as unit,
        engagements / nullif(case when has_impressions then impressions else views end, 0)
            * 100 as value,
        engagements_covered
            and case when has_impressions then impressions_covered else views_covered end
            as is_covered
    from parts
    where channel != 'all' and has_engagements and (has_impressions or has_views)

    union all

    select campaign_id, channel, period, 'open_rate' as metric, 'percent' as unit,
        opens_unique / nullif(emails_sent - coalesce(bounces, 0), 0) * 100 as value,
        opens_unique_covered and emails_sent_covered and coalesce(bounces_covered, true)
            as is_covered
    from parts
    where channel != 'all' and has_opens_unique and has_emails_sent

    union all

    select campaign_id, channel, period, 'click_to_open_rate' as metric, 'percent' as unit,
        clicks_unique / nullif(opens_unique, 0) * 100 as value,
        clicks_unique_covered and opens_unique_covered as is_covered
    from parts
    where channel != 'all' and has_clicks_unique and has_opens_unique

),

final as (

    select
        campaign_id,
        channel,
        metric,
        period,
        'ratio' as method,
        unit,
        value,
        is_covered
    from ratios

)

select * from final
