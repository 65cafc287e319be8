-- A campaign's daily reach (people) is never above its impressions that day.
select account_id, campaign_id, date, reach, impressions
from raw.meta_ads_insights
where date between $window_start and $window_end
    and reach > impressions
