-- A campaign's daily figures for one channel and metric, previous period and campaign
-- side by side (pass $campaign_id, $channel, $metric; e.g. 'helpline-2022', 'facebook',
-- 'views'). Daily values of a daily_unique metric (reach) are that day's people only.
select date, period, value, unit
from marts.campaign_daily
where campaign_id = $campaign_id
    and channel = $channel
    and metric = $metric
    and period in ('previous', 'current')
order by date;
