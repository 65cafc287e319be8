-- One row per video.
select video_id, count(*) as copies
from raw.tiktok_videos
where date between $window_start and $window_end
group by all
having count(*) > 1
