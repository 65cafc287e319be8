-- Each rate of the campaign beside its benchmarks (none: null benchmark columns).
select channel, metric, current_value, unit, benchmark, benchmark_value, benchmark_low,
       benchmark_high, benchmark_source, benchmark_year, position, comparison,
       times_benchmark
from marts.campaign_benchmarks
where campaign_id = $campaign_id
order by channel = 'all', channel, metric, benchmark;
