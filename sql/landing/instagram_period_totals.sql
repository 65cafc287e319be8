-- Replace one campaign's period totals for one Instagram account.
delete from raw.instagram_period_totals
where pulse_campaign_id = $pulse_campaign_id and ig_user_id = $ig_user_id;
