-- One row per customer, campaign and day.
select customer_id, campaign_id, date, count(*) as copies
from raw.google_ads_campaign_daily
where date between $window_start and $window_end
group by all
having count(*) > 1
