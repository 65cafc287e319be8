-- One row per Facebook Page, day and metric (period=day).  date is end_time minus one day.
-- metric is the Graph API's own name (page_media_view, ...): mapped to ours in dbt.
create table if not exists raw.meta_page_insights (
    page_id             varchar not null,
    date                date    not null,
    metric              varchar not null,
    value               double,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);
