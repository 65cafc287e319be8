-- The Google Ads campaigns the registry names by id have rows during their campaigns.
-- severity: warn
with registered as (
    select c.campaign_id as pulse_campaign_id, ch.value as google_campaign_id,
           greatest(c.start_date, $window_start::date) as from_day,
           least(c.end_date, $window_end::date) as to_day
    from raw.registry_campaigns as c
    inner join raw.registry_channels as ch
        on ch.campaign_id = c.campaign_id
        and ch.channel = 'google_ads'
        and ch.selector = 'campaign_ids'
    where c.start_date <= $window_end and c.end_date >= $window_start
)
select registered.pulse_campaign_id, registered.google_campaign_id, registered.from_day,
       registered.to_day
from registered
where not exists (
    select 1 from raw.google_ads_campaign_daily as d
    where d.campaign_id = registered.google_campaign_id
        and d.date between registered.from_day and registered.to_day
)
