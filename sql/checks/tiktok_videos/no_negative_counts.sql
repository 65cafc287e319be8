-- No count of a video is negative.
select video_id, date, likes, comments, shares, views, _source, _source_row
from raw.tiktok_videos
where date between $window_start and $window_end
    and least(likes, comments, shares, views) < 0
