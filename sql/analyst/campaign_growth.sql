-- Each campaign's growth per channel and metric (pass $campaign_id, or NULL for all).
select campaign_id, channel, metric, current_value, previous_value, growth_pct,
       baseline_value, baseline_growth_pct, method, unit
from marts.campaign_growth
where $campaign_id is null or campaign_id = $campaign_id
order by campaign_id, channel = 'all', channel, metric;
