-- The campaign's key moments, in date order.
select moment_date, moment_name, period
from marts.campaign_moments
where campaign_id = $campaign_id
order by moment_date, moment_name;
