-- No daily count is negative.
select page_id, date, metric, value
from raw.meta_page_insights
where date between $window_start and $window_end
    and value < 0
