-- The campaign's goals with their attainment.
select channel, metric, target, actual, unit, method, counts_people, attainment_pct,
       lower_is_better, status
from marts.campaign_goals
where campaign_id = $campaign_id
order by channel = 'all', channel, metric;
