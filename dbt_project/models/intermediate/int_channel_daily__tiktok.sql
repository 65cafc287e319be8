-- TikTok exports as fact rows: the daily exports' days, else the videos' totals on their day.
{{ export_channel_daily(
    'tiktok', 'stg_tiktok__daily', 'stg_tiktok__videos',
    ['views', 'likes', 'comments', 'shares']) }}
