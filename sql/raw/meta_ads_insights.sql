-- One row per Meta ad campaign per day (level=campaign, time_increment=1).
-- reach is the day's unique count: never summed across days or campaigns.
create table if not exists raw.meta_ads_insights (
    account_id          varchar not null,   -- without the act_ prefix
    campaign_id         varchar not null,
    campaign_name       varchar,
    date                date    not null,
    account_currency    varchar,
    impressions         bigint,
    reach               bigint,
    clicks              bigint,
    inline_link_clicks  bigint,
    spend               decimal(18, 2),
    engagements         bigint,             -- actions[post_engagement]
    video_views         bigint,             -- actions[video_view]
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,   -- the request, secrets removed
    _source_row         integer not null    -- position of the row in that request's answer
);
