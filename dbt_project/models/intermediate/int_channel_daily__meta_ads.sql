-- Meta ads insights as fact rows: one per ad campaign, day and metric.
with

ads_insights as (

    select * from {{ ref('stg_meta__ads_insights') }}

),

unpivoted as (

    -- unpivot leaves out the metrics the API did not send (nulls)
    select * from ads_insights
    unpivot (
        value for metric in (
            impressions, reach, clicks, link_clicks, spend, engagements, video_views
        )
    )

),

final as (

    select
        date,
        'meta_ads' as channel,
        account_id,
        campaign_id as object_id,
        campaign_name as object_name,
        metric,
        value,
        case when metric = 'reach' then 'daily_unique' else 'sum' end as aggregation,
        case when metric = 'spend' then currency else 'count' end as unit

    from unpivoted

)

select * from final
