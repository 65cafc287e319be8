-- No daily count is negative.
select ig_user_id, date, metric, value
from raw.instagram_insights
where date between $window_start and $window_end
    and value < 0
