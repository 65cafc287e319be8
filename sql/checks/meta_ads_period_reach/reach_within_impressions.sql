-- A window's reach (people) is never above its impressions, nor negative.
select pulse_campaign_id, period, account_id, reach, impressions
from raw.meta_ads_period_reach
where window_start <= $window_end and window_end >= $window_start
    and (reach > impressions or reach < 0)
