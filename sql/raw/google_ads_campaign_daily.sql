-- One row per Google Ads campaign per day (GoogleAdsService.SearchStream, FROM campaign,
-- segments.date). A day on which a campaign had no impressions has no row.
create table if not exists raw.google_ads_campaign_daily (
    customer_id                 varchar not null,   -- ten digits, no dashes
    campaign_id                 varchar not null,
    campaign_name               varchar,
    advertising_channel_type    varchar,            -- DISPLAY, SEARCH, VIDEO, ...
    date                        date    not null,   -- in the account's time zone
    currency_code               varchar,            -- the account currency; cost is in it
    impressions                 bigint,
    clicks                      bigint,
    cost                        decimal(18, 6),     -- metrics.cost_micros / 1 000 000, exact
    conversions                 double,             -- fractional under data-driven attribution
    _run_id                     varchar not null,
    _loaded_at                  timestamptz not null,
    _source                     varchar not null,   -- the call and its request id, no secrets
    _source_row                 integer not null    -- position of the row in that stream
);
