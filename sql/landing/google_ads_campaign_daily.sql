-- Replace one Google Ads customer's days in the landed window.
delete from raw.google_ads_campaign_daily
where customer_id = $customer_id and date between $window_start and $window_end;
