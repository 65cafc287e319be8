-- The daily series of the campaign's channels across the previous period and the campaign.
select channel, metric, date, period, value, aggregation, unit
from marts.campaign_report_series
where campaign_id = $campaign_id
order by channel, metric, date;
