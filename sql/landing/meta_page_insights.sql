-- Replace one Page's days in the landed window.
delete from raw.meta_page_insights
where page_id = $page_id and date between $window_start and $window_end;
