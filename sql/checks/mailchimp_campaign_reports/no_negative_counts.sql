-- No count is negative.
select campaign_id, read_date, emails_sent, unique_opens, opens_total,
    unique_subscriber_clicks, clicks_total
from raw.mailchimp_campaign_reports
where send_date between $window_start and $window_end
    and least(emails_sent, hard_bounces, soft_bounces, syntax_errors, unsubscribed,
              abuse_reports, opens_total, unique_opens, clicks_total, unique_clicks,
              unique_subscriber_clicks, forwards_count, forwards_opens) < 0
