-- One campaign's heading (pass $campaign_id).
select campaign_id, campaign_name, start_date, end_date, campaign_days, previous_start,
       previous_end, baseline_start, baseline_end, baseline_months, budget_amount,
       budget_currency
from marts.campaign_overview
where campaign_id = $campaign_id;
