-- Every figure of the campaign with its growth and how far that growth can be read.
select channel, metric, current_value, previous_value, growth_pct, growth_status,
       baseline_value, baseline_growth_pct, baseline_status, method, unit, counts_people,
       small_reference_value
from marts.campaign_report_figures
where campaign_id = $campaign_id
order by channel = 'all', channel, metric;
