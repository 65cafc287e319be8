-- The exact unique reach of a registered campaign's Meta ad campaigns over one window,
-- asked of the API for that window (time_increment=all_days).  period is 'current'
-- (the campaign window) or 'previous' (the same length just before it).
create table if not exists raw.meta_ads_period_reach (
    pulse_campaign_id   varchar not null,
    period              varchar not null,
    window_start        date    not null,
    window_end          date    not null,
    account_id          varchar not null,
    reach               bigint  not null,
    impressions         bigint  not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null,
    _source_row         integer not null
);
