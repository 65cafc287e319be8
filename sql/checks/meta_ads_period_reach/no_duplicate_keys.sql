-- One row per registered campaign, compared period and ad account.
select pulse_campaign_id, period, account_id, count(*) as copies
from raw.meta_ads_period_reach
where window_start <= $window_end and window_end >= $window_start
group by all
having count(*) > 1
