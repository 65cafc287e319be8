-- Each rate of each campaign beside the benchmarks for its channel, metric and unit
-- (the seed and the platforms' own figures), with how it compares. A rate without a
-- benchmark keeps one row with null benchmark columns, so the report can say so.
with

growth as (

    select * from {{ ref('campaign_growth') }}

),

benchmarks as (

    select * from {{ ref('int_benchmarks') }}

),

rates as (

    select campaign_id, channel, metric, current_value, unit
    from growth
    where method = 'ratio'

),

joined as (

    select
        rates.campaign_id,
        rates.channel,
        rates.metric,
        rates.current_value,
        rates.unit,
        {{ lower_is_better('rates.metric') }} as lower_is_better,
        benchmarks.benchmark,
        benchmarks.value as benchmark_value,
        benchmarks.low as benchmark_low,
        benchmarks.high as benchmark_high,
        benchmarks.source as benchmark_source,
        benchmarks.year as benchmark_year,
        benchmarks.notes as benchmark_notes,
        benchmarks.origin as benchmark_origin,
        -- where the rate sits: above, within or below the benchmark figure or range
        case
            when rates.current_value is null or benchmarks.benchmark is null then null
            when rates.current_value > coalesce(benchmarks.value, benchmarks.high) then 'above'
            when rates.current_value < coalesce(benchmarks.value, benchmarks.low) then 'below'
            else 'within'
        end as position

    from rates
    left join benchmarks
        on rates.channel = benchmarks.channel
        and rates.metric = benchmarks.metric
        and rates.unit = benchmarks.unit

),

final as (

    select
        *,
        case position
            when 'within' then 'as_expected'
            when 'above' then case when lower_is_better then 'worse' else 'better' end
            when 'below' then case when lower_is_better then 'better' else 'worse' end
        end as comparison,
        -- "4,20 % against a usual 0,5 %": how many times the benchmark figure
        current_value / nullif(benchmark_value, 0) as times_benchmark

    from joined

)

select * from final
