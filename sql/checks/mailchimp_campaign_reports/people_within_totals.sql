-- People who opened (clicked) are never more than all opens (clicks), nor than the emails delivered.
select campaign_id, read_date, emails_sent, unique_opens, opens_total,
    unique_subscriber_clicks, clicks_total
from raw.mailchimp_campaign_reports
where send_date between $window_start and $window_end
    and (
        unique_opens > opens_total
        or unique_subscriber_clicks > clicks_total
        or unique_opens > emails_sent - coalesce(hard_bounces, 0) - coalesce(soft_bounces, 0)
            - coalesce(syntax_errors, 0)
    )
