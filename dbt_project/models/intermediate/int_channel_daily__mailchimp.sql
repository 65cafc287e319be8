-- Mailchimp mailings as fact rows: one per mailing and metric, on its send day, from its
-- latest read. object_id is the mailing; account_id its audience.
with

reports as (

    select * from {{ ref('int_mailchimp__campaign_reports') }}

),

measures as (

    select
        send_date as date,
        -- the audience; a report without one still needs an account to be a fact
        coalesce(nullif(list_id, ''), 'unknown') as account_id,
        campaign_id as object_id,
        campaign_title as object_name,
        emails_sent,
        bounces,
        opens_unique,
        opens_total,
        -- the field reports' "opens counting forwards"
        opens_total + forward_opens as opens_with_forwards,
        clicks_unique,
        clicks_total,
        forwards,
        forward_opens,
        unsubscribes,
        abuse_reports
    from reports

),

unpivoted as (

    -- unpivot leaves out the metrics Mailchimp did not send (nulls)
    select * from measures
    unpivot (
        value for metric in (
            emails_sent, bounces, opens_unique, opens_total, opens_with_forwards,
            clicks_unique, clicks_total, forwards, forward_opens, unsubscribes, abuse_reports
        )
    )

),

final as (

    select
        date,
        'mailchimp' as channel,
        account_id,
        object_id,
        object_name,
        metric,
        value,
        -- people who opened / clicked one mailing: like a day's reach, summing several
        -- mailings counts a person once per mailing (an upper bound of people)
        case
            when metric in ('opens_unique', 'clicks_unique') then 'daily_unique' else 'sum'
        end as aggregation,
        'count' as unit

    from unpivoted

)

select * from final
