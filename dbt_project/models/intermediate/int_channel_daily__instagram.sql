-- Instagram account insights as fact rows: one per account, day and metric (our names).
with

instagram_insights as (

    select * from {{ ref('stg_meta__instagram_insights') }}
    -- unmapped source metrics and stock levels are not daily facts
    where aggregation in ('sum', 'daily_unique')
        and value is not null

),

deduplicated as (

    select * from instagram_insights
    qualify row_number() over (
        partition by ig_user_id, date, metric
        order by priority, source_metric
    ) = 1

),

final as (

    select
        date,
        'instagram' as channel,
        ig_user_id as account_id,
        ig_user_id as object_id,
        cast(null as varchar) as object_name,
        metric,
        value,
        aggregation,
        'count' as unit

    from deduplicated

)

select * from final
