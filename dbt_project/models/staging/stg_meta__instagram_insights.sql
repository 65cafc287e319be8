with

source as (

    select * from {{ source('raw', 'instagram_insights') }}

),

metric_map as (

    select * from {{ ref('source_metric_map') }}
    where source = 'instagram'

),

renamed as (

    select
        -- ids
        ig_user_id,

        -- properties
        date,
        metric as source_metric,

        -- measures
        value,

        -- provenance
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

),

final as (

    -- metric is null for a source metric the seed does not know yet (a warning test
    -- reports it); such rows stay out of the facts.
    select
        renamed.ig_user_id,
        renamed.date,
        renamed.source_metric,
        metric_map.metric,
        metric_map.aggregation,
        metric_map.priority,
        renamed.value,
        renamed.run_id,
        renamed.loaded_at

    from renamed
    left join metric_map
        on renamed.source_metric = metric_map.source_metric

)

select * from final
