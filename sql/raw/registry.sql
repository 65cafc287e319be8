-- The campaign registry (campaigns.yaml), validated in Python and replaced whole each run.
create table if not exists raw.registry_campaigns (
    campaign_id         varchar not null,
    name                varchar not null,
    start_date          date    not null,
    end_date            date    not null,
    budget_amount       decimal(18, 2),
    budget_currency     varchar,
    baseline_months     integer,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null
);
-- selector: 'account' (the whole account's activity), 'campaign_ids', 'campaign_name_contains'
create table if not exists raw.registry_channels (
    campaign_id         varchar not null,
    channel             varchar not null,
    selector            varchar not null,
    value               varchar,             -- one id or one substring per row
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null
);
create table if not exists raw.registry_moments (
    campaign_id         varchar not null,
    date                date    not null,
    name                varchar not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null
);
create table if not exists raw.registry_goals (
    campaign_id         varchar not null,
    channel             varchar not null,
    metric              varchar not null,
    target              double  not null,
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null
);
