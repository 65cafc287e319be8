-- A post's likes, reposts and replies, all engagements, are never more than its engagements.
-- severity: warn
select post_id, date, engagements, likes, reposts, replies, _source, _source_row
from raw.twitter_posts
where date between $window_start and $window_end
    and coalesce(likes, 0) + coalesce(reposts, 0) + coalesce(replies, 0) > engagements
