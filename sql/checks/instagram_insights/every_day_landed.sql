-- Every day of the landed window has figures for each account already known.
-- severity: warn
with days as (
    select cast(unnest(generate_series($window_start::date, $window_end::date,
                                       interval 1 day)) as date) as date
),
accounts as (
    select distinct ig_user_id from raw.instagram_insights
)
select accounts.ig_user_id, days.date
from accounts
cross join days
where not exists (
    select 1 from raw.instagram_insights as landed
    where landed.ig_user_id = accounts.ig_user_id and landed.date = days.date
)
