-- Every channel's additive metrics per month (not reach: unique counts do not add up
-- across days). A starting point for year-over-year views.
select date_trunc('month', date) as month, channel, metric, sum(value) as value, unit
from facts.fct_channel_daily
where aggregation = 'sum'
group by all
order by month, channel, metric;
