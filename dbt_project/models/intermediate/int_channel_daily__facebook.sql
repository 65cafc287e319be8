-- Facebook Page insights as fact rows: one per page, day and metric (our names).
with

page_insights as (

    select * from {{ ref('stg_meta__page_insights') }}
    -- unmapped source metrics and stock levels (total followers) are not daily facts
    where aggregation in ('sum', 'daily_unique')
        and value is not null

),

deduplicated as (

    -- a legacy metric and its replacement landed for the same day: keep the current one
    select * from page_insights
    qualify row_number() over (
        partition by page_id, date, metric
        order by priority, source_metric
    ) = 1

),

final as (

    select
        date,
        'facebook' as channel,
        page_id as account_id,
        page_id as object_id,
        cast(null as varchar) as object_name,
        metric,
        value,
        aggregation,
        'count' as unit

    from deduplicated

)

select * from final
