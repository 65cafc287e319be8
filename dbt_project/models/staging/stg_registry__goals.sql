with

source as (

    select * from {{ source('raw', 'registry_goals') }}

),

renamed as (

    select
        -- ids
        campaign_id,

        -- properties
        channel,
        metric,

        -- measures
        target

    from source

)

select * from renamed
