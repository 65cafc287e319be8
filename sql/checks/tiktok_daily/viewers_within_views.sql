-- A day's viewers (people) are never more than its video views, nor its new or returning viewers more than all its viewers.
with days as (
    select date,
           max(value) filter (where metric = 'total_viewers') as total_viewers,
           max(value) filter (where metric = 'new_viewers') as new_viewers,
           max(value) filter (where metric = 'returning_viewers') as returning_viewers,
           max(value) filter (where metric = 'video_views') as video_views
    from raw.tiktok_daily
    where date between $window_start and $window_end
        and metric in ('total_viewers', 'new_viewers', 'returning_viewers', 'video_views')
    group by date
)
select date, total_viewers, new_viewers, returning_viewers, video_views
from days
where total_viewers > video_views
    or new_viewers > total_viewers
    or returning_viewers > total_viewers
