-- Each campaign's mailings (those of its current window) beside the industry averages
-- Mailchimp returned with their reports: the rates a funder report compares.
with

campaign_channel_daily as (

    select * from {{ ref('int_campaign_channel_daily') }}

),

reports as (

    select * from {{ ref('int_mailchimp__campaign_reports') }}

),

campaign_mailings as (

    select distinct
        campaign_id,
        object_id as mailchimp_campaign_id
    from campaign_channel_daily
    where channel = 'mailchimp' and period = 'current'

),

final as (

    select
        campaign_mailings.campaign_id,
        reports.campaign_id as mailchimp_campaign_id,
        reports.campaign_title,
        reports.send_date,
        reports.emails_sent,
        reports.emails_sent - coalesce(reports.bounces, 0) as emails_delivered,
        reports.opens_unique,
        reports.clicks_unique,

        -- the mailing's own rates, in percent, as the growth mart computes them
        reports.opens_unique
            / nullif(reports.emails_sent - coalesce(reports.bounces, 0), 0) * 100 as open_rate,
        reports.clicks_unique
            / nullif(reports.emails_sent - coalesce(reports.bounces, 0), 0) * 100 as click_rate,
        reports.clicks_unique / nullif(reports.opens_unique, 0) * 100 as click_to_open_rate,
        reports.bounces / nullif(reports.emails_sent, 0) * 100 as bounce_rate,
        reports.unsubscribes
            / nullif(reports.emails_sent - coalesce(reports.bounces, 0), 0) * 100
            as unsubscribe_rate,

        -- Mailchimp's industry averages (industry_stats), in percent
        reports.industry_type,
        reports.industry_open_rate * 100 as industry_open_rate,
        reports.industry_click_rate * 100 as industry_click_rate,
        reports.industry_bounce_rate * 100 as industry_bounce_rate,
        reports.industry_unsub_rate * 100 as industry_unsubscribe_rate,
        reports.industry_abuse_rate * 100 as industry_abuse_rate,

        -- where the benchmark comes from and when it was read
        'Mailchimp industry_stats' as benchmark_source,
        reports.read_date as benchmark_read_date

    from campaign_mailings
    inner join reports
        on campaign_mailings.mailchimp_campaign_id = reports.campaign_id

)

select * from final
