-- One row per metric, campaign (or none) and day of the channel.
select metric, pulse_campaign_id, date, count(*) as copies
from raw.file_channel_daily
where channel = $channel
    and date between $window_start and $window_end
group by all
having count(*) > 1
