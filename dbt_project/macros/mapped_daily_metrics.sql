{#-
    An export's daily figures (one row per day and source metric) under our metric
    names, with how each adds up, from the source_metric_map seed (metric null when the
    seed does not know the source metric). Shared by the X account overview and
    TikTok's daily exports, which have the same shape.
-#}
{% macro mapped_daily_metrics(source_relation, source_name) %}
with

source as (

    select * from {{ source_relation }}

),

metric_map as (

    select * from {{ ref('source_metric_map') }}
    where source = '{{ source_name }}'

),

renamed as (

    select
        -- properties
        date,
        metric as source_metric,
        export_format,

        -- measures
        value,

        -- provenance
        _source as source_file,
        _source_row as source_row,
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

),

final as (

    select
        renamed.date,
        renamed.source_metric,
        metric_map.metric,
        metric_map.aggregation,
        renamed.value,
        renamed.export_format,
        renamed.source_file,
        renamed.source_row,
        renamed.run_id,
        renamed.loaded_at

    from renamed
    left join metric_map
        on renamed.source_metric = metric_map.source_metric

)

select * from final
{% endmacro %}
