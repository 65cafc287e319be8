-- Each campaign goal against the campaign's current value of that channel and metric.
with

goals as (

    select * from {{ ref('stg_registry__goals') }}

),

figures as (

    select * from {{ ref('campaign_report_figures') }}

),

joined as (

    select
        goals.campaign_id,
        goals.channel,
        goals.metric,
        goals.target,
        figures.current_value as actual,
        figures.unit,
        figures.method,
        figures.counts_people,
        {{ lower_is_better('goals.metric') }} as lower_is_better

    from goals
    left join figures
        on goals.campaign_id = figures.campaign_id
        and goals.channel = figures.channel
        and goals.metric = figures.metric

),

compared as (

    select
        *,
        -- at or past the target, the right way round (null without an actual)
        case when lower_is_better then actual <= target else actual >= target end
            as past_target
    from joined

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
        counts_people,
        -- for costs, lower is better: reaching a target cost of 0.50 with 0.40 is 125 %
        case
            when lower_is_better then target / nullif(actual, 0) * 100
            else actual / nullif(target, 0) * 100
        end as attainment_pct,
        lower_is_better,
        case
            when actual is null then 'no_data'
            -- an upper bound of people (or a cost per person computed on one, then a
            -- floor) past the target says nothing of the people themselves; short of
            -- it, the people are short of it too
            when past_target and counts_people is false then 'not_judged'
            when past_target then 'met'
            else 'not_met'
        end as status

    from compared

)

select * from final
