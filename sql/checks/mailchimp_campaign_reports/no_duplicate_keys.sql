-- One snapshot per mailing and read day.
select campaign_id, read_date, count(*) as copies
from raw.mailchimp_campaign_reports
where send_date between $window_start and $window_end
group by all
having count(*) > 1
