with

source as (

    select * from {{ source('raw', 'registry_moments') }}

),

renamed as (

    select
        -- ids
        campaign_id,

        -- properties
        date as moment_date,
        name as moment_name

    from source

)

select * from renamed
