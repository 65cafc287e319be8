-- Each campaign's key moments, placed against its windows for the report's charts.
with

moments as (

    select * from {{ ref('stg_registry__moments') }}

),

overview as (

    select * from {{ ref('campaign_overview') }}

),

final as (

    select
        moments.campaign_id,
        moments.moment_date,
        moments.moment_name,
        case
            when moments.moment_date between overview.start_date and overview.end_date
                then 'current'
            when moments.moment_date between overview.previous_start and overview.previous_end
                then 'previous'
            else 'outside'
        end as period

    from moments
    inner join overview
        on moments.campaign_id = overview.campaign_id

)

select * from final
