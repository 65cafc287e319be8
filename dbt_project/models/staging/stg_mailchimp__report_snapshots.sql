-- Every read of every Mailchimp report, with our names: how a mailing's figures grew.
with

source as (

    select * from {{ source('raw', 'mailchimp_campaign_reports') }}

),

renamed as (

    select
        -- ids
        campaign_id,
        list_id,

        -- properties
        campaign_title,
        campaign_type,
        list_name,
        subject_line,
        send_time,
        send_date,
        read_at,
        read_date,
        date_diff('minute', send_time, read_at) / 1440.0 as days_after_send,
        row_number() over (partition by campaign_id order by read_at desc) = 1
            as is_latest_read,

        -- measures (clicks_unique is people who clicked: Mailchimp's
        -- unique_subscriber_clicks; its unique_clicks counts each link apart)
        cast(emails_sent as double) as emails_sent,
        case
            when coalesce(hard_bounces, soft_bounces, syntax_errors) is not null
                then cast(
                    coalesce(hard_bounces, 0) + coalesce(soft_bounces, 0)
                    + coalesce(syntax_errors, 0) as double
                )
        end as bounces,
        cast(hard_bounces as double) as hard_bounces,
        cast(soft_bounces as double) as soft_bounces,
        cast(syntax_errors as double) as syntax_errors,
        cast(unique_opens as double) as opens_unique,
        cast(opens_total as double) as opens_total,
        cast(unique_subscriber_clicks as double) as clicks_unique,
        cast(unique_clicks as double) as clicks_unique_per_link,
        cast(clicks_total as double) as clicks_total,
        cast(forwards_count as double) as forwards,
        cast(forwards_opens as double) as forward_opens,
        cast(unsubscribed as double) as unsubscribes,
        cast(abuse_reports as double) as abuse_reports,
        last_open,
        last_click,
        open_rate as mailchimp_open_rate,
        click_rate as mailchimp_click_rate,

        -- Mailchimp's industry averages (fractions), kept as benchmarks
        industry_type,
        industry_open_rate,
        industry_click_rate,
        industry_bounce_rate,
        industry_unopen_rate,
        industry_unsub_rate,
        industry_abuse_rate,

        -- provenance
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
