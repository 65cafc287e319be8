-- No window total is negative.
select pulse_campaign_id, period, ig_user_id, metric, value
from raw.instagram_period_totals
where window_start <= $window_end and window_end >= $window_start
    and value < 0
