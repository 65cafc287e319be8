-- No daily count is negative (the follower difference may be); TikTok's Overview does carry some, hence a warning.
-- severity: warn
select date, metric, value, _source, _source_row
from raw.tiktok_daily
where date between $window_start and $window_end
    and metric <> 'followers_difference'
    and value < 0
