with

source as (

    select * from {{ source('raw', 'registry_channels') }}

),

renamed as (

    select
        -- ids
        campaign_id,

        -- properties
        channel,
        selector,
        value as selector_value

    from source

)

select * from renamed
