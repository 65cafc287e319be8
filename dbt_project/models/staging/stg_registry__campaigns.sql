with

source as (

    select * from {{ source('raw', 'registry_campaigns') }}

),

renamed as (

    select
        -- ids
        campaign_id,

        -- properties
        name as campaign_name,
        start_date,
        end_date,
        cast(budget_amount as double) as budget_amount,
        budget_currency,
        baseline_months

    from source

)

select * from renamed
