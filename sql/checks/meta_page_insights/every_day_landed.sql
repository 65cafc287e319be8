-- Every day of the landed window has figures for each account already known.
-- severity: warn
with days as (
    select cast(unnest(generate_series($window_start::date, $window_end::date,
                                       interval 1 day)) as date) as date
),
accounts as (
    select distinct page_id from raw.meta_page_insights
)
select accounts.page_id, days.date
from accounts
cross join days
where not exists (
    select 1 from raw.meta_page_insights as landed
    where landed.page_id = accounts.page_id and landed.date = days.date
)
