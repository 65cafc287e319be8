-- Spend per channel and in all ('all' last), against the budget.
select channel, spend, currency, in_budget_currency, share_of_spend_pct, budget_used_pct,
       budget_amount, budget_currency, budget_remaining
from marts.campaign_costs
where campaign_id = $campaign_id
order by channel = 'all', spend desc nulls last, channel;
