-- The campaign's registry channels and whether the snapshot has their figures.
select channel, status, first_active_day, last_active_day, active_days
from marts.campaign_channels
where campaign_id = $campaign_id
order by channel;
