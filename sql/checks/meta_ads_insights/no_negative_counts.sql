-- No count or amount is negative.
select account_id, campaign_id, date, impressions, reach, clicks, inline_link_clicks, spend,
       engagements, video_views
from raw.meta_ads_insights
where date between $window_start and $window_end
    and least(impressions, reach, clicks, inline_link_clicks, spend, engagements,
              video_views) < 0
