-- Replace one Instagram account's days in the landed window.
delete from raw.instagram_insights
where ig_user_id = $ig_user_id and date between $window_start and $window_end;
