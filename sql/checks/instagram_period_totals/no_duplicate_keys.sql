-- One row per registered campaign, compared period, account and metric.
select pulse_campaign_id, period, ig_user_id, metric, count(*) as copies
from raw.instagram_period_totals
where window_start <= $window_end and window_end >= $window_start
group by all
having count(*) > 1
