-- Deduplicated totals of an Instagram account over a registered campaign's window
-- (metric_type=total_value over since..until): the exact reach of that window.
create table if not exists raw.instagram_period_totals (
    pulse_campaign_id   varchar not null,
    period              varchar not null,
    window_start        date    not null,
    window_end          date    not null,
    ig_user_id          varchar not null,
    metric              varchar not null,
    value               double  not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);
