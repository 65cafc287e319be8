-- Which days of each campaign period every channel has landed. marts.campaign_growth
-- leaves a previous or baseline figure NULL (unknown, not 0) until its channel landed
-- the whole window: re-run the missing days with
--   pulse run --from <period_start> --to <period_end> --channel <channel>
-- (file channels: drop the export covering them in the inbox).
select campaign_id, channel, period, period_start, period_end, period_days, days_landed,
       days_missing, first_day_landed, last_day_landed, is_covered
from marts.campaign_coverage
order by campaign_id, is_covered, channel, period;
