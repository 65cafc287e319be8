-- People reached per campaign and channel, with how the figure was obtained: only
-- 'period_unique' values are people; 'daily_unique_sum' adds up each day's unique
-- count, an upper bound that counts a person once per day seen.
select campaign_id, channel, current_value as reach, previous_value, growth_pct, method,
       method = 'period_unique' as is_people
from marts.campaign_growth
where metric = 'reach'
order by campaign_id, channel = 'all', channel;
