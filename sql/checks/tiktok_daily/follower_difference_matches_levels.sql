-- A day's follower difference is its followers less the day before's.
-- severity: warn
select difference.date, difference.value as difference, today.value as followers,
       yesterday.value as followers_day_before
from raw.tiktok_daily as difference
inner join raw.tiktok_daily as today
    on today.date = difference.date and today.metric = 'followers'
inner join raw.tiktok_daily as yesterday
    on yesterday.date = difference.date - 1 and yesterday.metric = 'followers'
where difference.date between $window_start and $window_end
    and difference.metric = 'followers_difference'
    and difference.value <> today.value - yesterday.value
