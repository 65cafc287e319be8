-- The X account overview per day and metric, under our metric names.
{{ mapped_daily_metrics(source('raw', 'twitter_daily'), 'twitter') }}
