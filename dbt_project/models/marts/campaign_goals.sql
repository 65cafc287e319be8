-- Each campaign goal against the campaign's current value of that channel and metric.
with

goals as (

    select * from {{ ref('stg_registry__goals') }}

),

growth as (

    select * from {{ ref('campaign_growth') }}

),

joined as (

    select
        goals.campaign_id,
        goals.channel,
        goals.metric,
        goals.target,
        growth.current_value as actual,
        growth.unit,
        growth.method,
        {{ lower_is_better('goals.metric') }} as lower_is_better

    from goals
    left join growth
        on goals.campaign_id = growth.campaign_id
        and goals.channel = growth.channel
        and goals.metric = growth.metric

),

final as (

    select
        campaign_id,
        channel,
        metric,
        target,
        actual,
        unit,
        method,
        -- for costs, lower is better: reaching a target cost of 0.50 with 0.40 is 125 %
        case
            when lower_is_better then target / nullif(actual, 0) * 100
            else actual / nullif(target, 0) * 100
        end as attainment_pct,
        lower_is_better,
        case
            when actual is null then 'no_data'
            when lower_is_better and actual <= target then 'met'
            when not lower_is_better and actual >= target then 'met'
            else 'not_met'
        end as status

    from joined

)

select * from final
