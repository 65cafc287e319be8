-- Export files (X, TikTok, and the generic file of channels without an API), landed
-- one file per transaction. Each row keeps its file (_source, _file_sha256), its line
-- (_source_row) and the file's modification time (_file_time): of two exports holding
-- the same post or day, the newer file's row is the one kept.

-- X posts (legacy tweet activity export, 2024+ content export): totals as of the export,
-- on the day the post was published (organisation's timezone). One row per post.
create table if not exists raw.twitter_posts (
    post_id             varchar not null,
    posted_at           timestamptz,        -- the legacy export's time; null in the 2024+ one
    date                date    not null,
    text                varchar,
    permalink           varchar,
    impressions         bigint,
    engagements         bigint,
    likes               bigint,              -- "likes", or "favorites" in older files
    reposts             bigint,              -- retweets
    replies             bigint,
    bookmarks           bigint,
    shares              bigint,
    profile_visits      bigint,              -- "user profile clicks" in the legacy export
    url_clicks          bigint,
    hashtag_clicks      bigint,
    detail_expands      bigint,
    permalink_clicks    bigint,
    new_follows         bigint,
    media_views         bigint,
    media_engagements   bigint,
    export_format       varchar not null,
    _file_sha256        varchar not null,
    _file_time          timestamptz not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,   -- the file's path
    _source_row         integer not null    -- the row's line in that file
);

-- X account overview (2024+): one row per day and metric (the export's column, snake case).
create table if not exists raw.twitter_daily (
    date                date    not null,
    metric              varchar not null,
    value               double  not null,
    export_format       varchar not null,
    _file_sha256        varchar not null,
    _file_time          timestamptz not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);

-- TikTok Overview, FollowerHistory and Viewers: one row per day and metric.
create table if not exists raw.tiktok_daily (
    date                date    not null,
    metric              varchar not null,
    value               double  not null,
    export_format       varchar not null,
    _file_sha256        varchar not null,
    _file_time          timestamptz not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);

-- TikTok Content: one row per video, totals as of the export, on the day it was posted.
create table if not exists raw.tiktok_videos (
    video_id            varchar not null,   -- from the video link
    video_link          varchar,
    title               varchar,
    posted_at           timestamptz,
    date                date    not null,
    likes               bigint,
    comments            bigint,
    shares              bigint,
    views               bigint,
    export_format       varchar not null,
    _file_sha256        varchar not null,
    _file_time          timestamptz not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);

-- The generic channel file: one row per channel, metric, campaign (optional) and day.
-- A row given for a range of days becomes one row per day: value is the day's even
-- share of given_value (rates, metrics ending in _rate or _pct: the value as given).
create table if not exists raw.file_channel_daily (
    channel             varchar not null,
    metric              varchar not null,
    pulse_campaign_id   varchar,            -- the registry campaign the row names, if any
    date                date    not null,
    value               double  not null,
    given_value         double  not null,
    range_start         date    not null,
    range_end           date    not null,
    note                varchar,
    export_format       varchar not null,
    _file_sha256        varchar not null,
    _file_time          timestamptz not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);

-- Every export file landed, by content: the same file dropped again is recognised here
-- and lands nothing.
create table if not exists raw.export_files (
    file_sha256         varchar not null,
    file_name           varchar not null,
    channel             varchar not null,
    export_format       varchar not null,
    read_as             varchar not null,   -- "CSV, Windows-1252, ';'" or "XLSX sheet 'Overview'"
    file_time           timestamptz not null,
    rows_read           integer not null,   -- data rows under the header
    rows_rejected       integer not null,   -- of those, rows left out (export_rejected_rows)
    records             integer not null,   -- raw rows the file gave (posts, days x metrics)
    first_date          date,               -- the first and last day of its rows
    last_date           date,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null
);
-- The days the file covers (the models' coverage of file channels): a platform export's
-- range from its file name, widened to its rows; else its rows' first and last day.
-- Added after the table: a warehouse created before gets the columns (null for the
-- files landed before, whose rows' days stand in).
alter table raw.export_files add column if not exists span_start date;
alter table raw.export_files add column if not exists span_end date;

-- The rows of export files that could not be read: file, line, column and why.
create table if not exists raw.export_rejected_rows (
    file_sha256         varchar not null,
    channel             varchar not null,
    line                integer not null,
    column_name         varchar not null,
    value               varchar,
    reason              varchar not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);
