-- One row per post.
select post_id, count(*) as copies
from raw.twitter_posts
where date between $window_start and $window_end
group by all
having count(*) > 1
