-- A page's daily reach (people who saw it) is never above its views that day.
select reach.page_id, reach.date, reach.value as reach, views.value as views
from raw.meta_page_insights as reach
inner join raw.meta_page_insights as views
    on views.page_id = reach.page_id and views.date = reach.date
where reach.date between $window_start and $window_end
    and reach.metric in ('page_total_media_view_unique', 'page_impressions_unique')
    and views.metric in ('page_media_view', 'page_impressions')
    and (reach.metric = 'page_total_media_view_unique') = (views.metric = 'page_media_view')
    and reach.value > views.value
