-- One row per day and metric.
select date, metric, count(*) as copies
from raw.twitter_daily
where date between $window_start and $window_end
group by all
having count(*) > 1
