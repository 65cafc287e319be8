-- No count of a post is negative.
select post_id, date, impressions, engagements, likes, reposts, replies, _source, _source_row
from raw.twitter_posts
where date between $window_start and $window_end
    and least(impressions, engagements, likes, reposts, replies, bookmarks, shares,
              profile_visits, url_clicks, hashtag_clicks, detail_expands, permalink_clicks,
              new_follows, media_views, media_engagements) < 0
