-- Each campaign goal against the campaign's current value of that channel and metric.
with

goals as (

    select * from {{ ref('stg_registry__goals') }}

),

growth as (

    select * from {{ ref('campaign_growth') }}

),

final as (

    select
        goals.campaign_id,
        goals.channel,
        goals.metric,
        goals.target,
        growth.current_value as actual,
        growth.unit,
        growth.method,
        -- for costs, lower is better: reaching a target cost of 0.50 with 0.40 is 125 %
        case
            when goals.metric in ('cpc', 'cost_per_reach', 'cost_per_conversion')
                then goals.target / nullif(growth.current_value, 0) * 100
            else growth.current_value / nullif(goals.target, 0) * 100
        end as attainment_pct

    from goals
    left join growth
        on goals.campaign_id = growth.campaign_id
        and goals.channel = growth.channel
        and goals.metric = growth.metric

)

select * from final
