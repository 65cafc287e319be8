with

source as (

    select * from {{ source('raw', 'meta_ads_period_reach') }}

),

renamed as (

    select
        -- ids
        pulse_campaign_id as campaign_id,
        account_id,

        -- the window the API computed the unique count for
        period,
        window_start as period_start,
        window_end as period_end,

        -- measures
        cast(reach as double) as reach,
        cast(impressions as double) as impressions,

        -- provenance
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
