-- No daily count of the account is negative.
select date, metric, value, _source, _source_row
from raw.twitter_daily
where date between $window_start and $window_end
    and value < 0
