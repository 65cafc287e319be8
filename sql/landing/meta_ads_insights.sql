-- Replace one ad account's days in the landed window.
delete from raw.meta_ads_insights
where account_id = $account_id and date between $window_start and $window_end;
