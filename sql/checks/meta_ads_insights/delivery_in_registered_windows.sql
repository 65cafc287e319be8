-- An ad account has rows during the registered campaigns that use Meta ads.
-- severity: warn
with landed_accounts as (
    select distinct account_id from raw.meta_ads_insights
),
registered as (
    select c.campaign_id, greatest(c.start_date, $window_start::date) as from_day,
           least(c.end_date, $window_end::date) as to_day
    from raw.registry_campaigns as c
    where c.start_date <= $window_end and c.end_date >= $window_start
        and exists (select 1 from raw.registry_channels as ch
                    where ch.campaign_id = c.campaign_id and ch.channel = 'meta_ads')
)
select registered.campaign_id as pulse_campaign_id, landed_accounts.account_id,
       registered.from_day, registered.to_day
from registered
cross join landed_accounts
where not exists (
    select 1 from raw.meta_ads_insights as i
    where i.account_id = landed_accounts.account_id
        and i.date between registered.from_day and registered.to_day
)
