-- The growth mart's rows as the report prints them: each growth with how far it can
-- be read (a tiny or missing reference), and whether a figure counts people.
with

growth as (

    select * from {{ ref('campaign_growth') }}

),

overview as (

    select * from {{ ref('campaign_overview') }}

),

-- The unique counts each ratio of int_campaign_ratio_periods is computed on: a rate or
-- a cost is per person only where all of them are people.
ratio_unique_parts as (

    select * from (
        values
            ('cost_per_reach', 'reach'),
            ('open_rate', 'opens_unique'),
            ('click_to_open_rate', 'opens_unique'),
            ('click_to_open_rate', 'clicks_unique')
    ) as parts (ratio, metric)

),

ratio_people as (

    select
        growth.campaign_id,
        growth.channel,
        ratio_unique_parts.ratio as metric,
        bool_and(growth.method = 'period_unique') as counts_people
    from growth
    inner join ratio_unique_parts
        on growth.metric = ratio_unique_parts.metric
    group by all

),

final as (

    select
        growth.campaign_id,
        growth.channel,
        growth.metric,
        growth.current_value,
        growth.previous_value,
        growth.growth_pct,
        {{ reference_status('growth.method', 'growth.previous_value') }} as growth_status,
        growth.baseline_value,
        growth.baseline_growth_pct,
        case
            when overview.baseline_months is null then 'no_baseline'
            -- a unique count exact for the window has no exact monthly counterpart
            when growth.method = 'period_unique' then 'not_comparable'
            else {{ reference_status('growth.method', 'growth.baseline_value') }}
        end as baseline_status,
        growth.method,
        growth.unit,
        -- by method, whatever the metric: a unique count is people only when the source
        -- counted them over exactly the window; a sum of unique counts (days, mailings,
        -- channels) is an upper bound; a ratio follows the unique counts it is built on
        case growth.method
            when 'period_unique' then true
            when 'daily_unique_sum' then false
            when 'ratio' then ratio_people.counts_people
        end as counts_people,
        cast({{ var('small_reference_value') }} as double) as small_reference_value

    from growth
    inner join overview
        on growth.campaign_id = overview.campaign_id
    left join ratio_people
        on growth.campaign_id = ratio_people.campaign_id
        and growth.channel = ratio_people.channel
        and growth.metric = ratio_people.metric

)

select * from final
