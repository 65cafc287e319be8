-- X exports as fact rows: the account overview's days, else the posts' totals on their day.
{{ export_channel_daily(
    'twitter', 'stg_twitter__account_daily', 'stg_twitter__posts',
    ['impressions', 'engagements', 'likes', 'reposts', 'replies', 'bookmarks', 'shares',
     'profile_views', 'link_clicks', 'followers_gained', 'media_views']) }}
