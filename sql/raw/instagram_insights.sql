-- One row per Instagram professional account, day and metric (period=day).
create table if not exists raw.instagram_insights (
    ig_user_id          varchar not null,
    date                date    not null,
    metric              varchar not null,
    value               double,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);
