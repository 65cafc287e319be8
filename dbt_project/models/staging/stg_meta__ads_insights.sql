with

source as (

    select * from {{ source('raw', 'meta_ads_insights') }}

),

renamed as (

    select
        -- ids
        account_id,
        campaign_id,

        -- properties
        campaign_name,
        date,
        account_currency as currency,

        -- measures (reach is a daily unique count, never summed as people)
        cast(impressions as double) as impressions,
        cast(reach as double) as reach,
        cast(clicks as double) as clicks,
        cast(inline_link_clicks as double) as link_clicks,
        cast(spend as double) as spend,
        cast(engagements as double) as engagements,
        cast(video_views as double) as video_views,

        -- provenance
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
