-- A report is read after its mailing was sent.
select campaign_id, read_date, send_time, read_at
from raw.mailchimp_campaign_reports
where send_date between $window_start and $window_end
    and read_at < send_time
