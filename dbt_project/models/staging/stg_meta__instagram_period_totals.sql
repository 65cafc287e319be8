with

source as (

    select * from {{ source('raw', 'instagram_period_totals') }}

),

metric_map as (

    select * from {{ ref('source_metric_map') }}
    where source = 'instagram'

),

renamed as (

    select
        -- ids
        pulse_campaign_id as campaign_id,
        ig_user_id,

        -- the window the API computed the total for
        period,
        window_start as period_start,
        window_end as period_end,

        -- properties
        metric as source_metric,

        -- measures
        value,

        -- provenance
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

),

final as (

    select
        renamed.campaign_id,
        renamed.ig_user_id,
        renamed.period,
        renamed.period_start,
        renamed.period_end,
        renamed.source_metric,
        metric_map.metric,
        metric_map.aggregation,
        renamed.value,
        renamed.run_id,
        renamed.loaded_at

    from renamed
    left join metric_map
        on renamed.source_metric = metric_map.source_metric

)

select * from final
