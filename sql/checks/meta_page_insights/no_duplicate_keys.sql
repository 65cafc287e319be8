-- One row per account, day and metric.
select page_id, date, metric, count(*) as copies
from raw.meta_page_insights
where date between $window_start and $window_end
group by all
having count(*) > 1
