-- Replace one campaign's period reach for one ad account (every period read again).
delete from raw.meta_ads_period_reach
where pulse_campaign_id = $pulse_campaign_id and account_id = $account_id;
