-- TikTok's daily exports (Overview, FollowerHistory, Viewers) per day and metric,
-- under our metric names.
{{ mapped_daily_metrics(source('raw', 'tiktok_daily'), 'tiktok') }}
