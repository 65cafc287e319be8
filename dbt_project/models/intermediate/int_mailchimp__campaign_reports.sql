-- Each Mailchimp mailing as its latest read says: the figures the marts use.
with

snapshots as (

    select * from {{ ref('stg_mailchimp__report_snapshots') }}

),

final as (

    select * exclude (is_latest_read)
    from snapshots
    where is_latest_read

)

select * from final
