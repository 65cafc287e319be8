-- The campaigns the snapshot knows, for the report's "unknown campaign" message.
select campaign_id
from marts.campaign_overview
order by campaign_id;
