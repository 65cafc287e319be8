-- When each source last landed, and which days it holds: how fresh the snapshot is.
select 'meta_ads_insights' as raw_table, max(_loaded_at) as last_loaded,
       min(date) as first_day, max(date) as last_day from raw.meta_ads_insights
union all
select 'meta_page_insights', max(_loaded_at), min(date), max(date) from raw.meta_page_insights
union all
select 'instagram_insights', max(_loaded_at), min(date), max(date) from raw.instagram_insights
order by raw_table;
