-- An account's daily reach (people) is never above its views that day.
select reach.ig_user_id, reach.date, reach.value as reach, views.value as views
from raw.instagram_insights as reach
inner join raw.instagram_insights as views
    on views.ig_user_id = reach.ig_user_id and views.date = reach.date
where reach.date between $window_start and $window_end
    and reach.metric = 'reach'
    and views.metric = 'views'
    and reach.value > views.value
