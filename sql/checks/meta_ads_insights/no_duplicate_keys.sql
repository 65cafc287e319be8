-- One row per ad account, ad campaign and day.
select account_id, campaign_id, date, count(*) as copies
from raw.meta_ads_insights
where date between $window_start and $window_end
group by all
having count(*) > 1
