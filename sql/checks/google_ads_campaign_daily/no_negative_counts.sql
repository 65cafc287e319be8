-- No count or amount is negative.
select customer_id, campaign_id, date, impressions, clicks, cost, conversions
from raw.google_ads_campaign_daily
where date between $window_start and $window_end
    and least(impressions, clicks, cost, conversions) < 0
