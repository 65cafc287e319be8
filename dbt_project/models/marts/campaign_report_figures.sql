-- The growth mart's rows as the report prints them: each growth with how far it can
-- be read (a tiny or missing reference), and whether a figure counts people.
with

growth as (

    select * from {{ ref('campaign_growth') }}

),

overview as (

    select * from {{ ref('campaign_overview') }}

),

reach as (

    select campaign_id, channel, method
    from growth
    where metric = 'reach'

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
        -- reach is people only when the source counted them over exactly the window;
        -- a cost per reach is per person only on such a reach
        case
            when growth.metric = 'reach' then growth.method = 'period_unique'
            when growth.metric = 'cost_per_reach' then reach.method = 'period_unique'
        end as counts_people,
        cast({{ var('small_reference_value') }} as double) as small_reference_value

    from growth
    inner join overview
        on growth.campaign_id = overview.campaign_id
    left join reach
        on growth.campaign_id = reach.campaign_id
        and growth.channel = reach.channel

)

select * from final
