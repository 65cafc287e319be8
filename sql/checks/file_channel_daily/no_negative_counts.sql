-- No count of the channel is negative (rates and percentages, metrics ending in _rate or _pct, may be).
select metric, pulse_campaign_id, date, value, given_value, _source, _source_row
from raw.file_channel_daily
where channel = $channel
    and date between $window_start and $window_end
    and not (ends_with(metric, '_rate') or ends_with(metric, '_pct'))
    and value < 0
