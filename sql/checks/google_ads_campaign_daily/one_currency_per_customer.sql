-- Each customer's cost is in one currency, the account's.
select customer_id, list(distinct currency_code order by currency_code) as currencies
from raw.google_ads_campaign_daily
where date between $window_start and $window_end
group by customer_id
having count(distinct currency_code) > 1 or count(currency_code) < count(*)
