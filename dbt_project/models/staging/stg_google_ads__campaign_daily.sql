with

source as (

    select * from {{ source('raw', 'google_ads_campaign_daily') }}

),

renamed as (

    select
        -- ids
        customer_id,
        campaign_id,

        -- properties
        campaign_name,
        advertising_channel_type,
        date,
        currency_code as currency,

        -- measures (cost is the account currency's amount: our spend)
        cast(impressions as double) as impressions,
        cast(clicks as double) as clicks,
        cast(cost as double) as spend,
        cast(conversions as double) as conversions,

        -- provenance
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
