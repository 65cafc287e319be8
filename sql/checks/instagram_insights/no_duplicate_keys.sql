-- One row per account, day and metric.
select ig_user_id, date, metric, count(*) as copies
from raw.instagram_insights
where date between $window_start and $window_end
group by all
having count(*) > 1
