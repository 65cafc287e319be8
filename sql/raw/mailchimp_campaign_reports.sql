-- Mailchimp campaign reports as dated snapshots: one row per mailing per read day.
-- A report keeps changing for days after the send (opens and clicks accrue), so every
-- night's read is kept: re-reading on another day adds a row, re-reading the same day
-- (read_date, in PULSE_TIMEZONE) replaces it. The models use each mailing's latest read.
-- Column names are Mailchimp's (sub-objects flattened); rates are fractions as sent.
create table if not exists raw.mailchimp_campaign_reports (
    campaign_id              varchar not null,
    read_date                date    not null,   -- read_at's day: the snapshot's key
    read_at                  timestamptz not null, -- when Mailchimp answered (its Date header)
    send_date                date    not null,   -- send_time's day: the partition it belongs to
    send_time                timestamptz not null,
    campaign_title           varchar,
    campaign_type            varchar,            -- regular, plaintext, absplit, rss...
    list_id                  varchar,            -- the audience
    list_name                varchar,
    subject_line             varchar,
    emails_sent              bigint,
    hard_bounces             bigint,             -- bounces.hard_bounces
    soft_bounces             bigint,
    syntax_errors            bigint,
    unsubscribed             bigint,
    abuse_reports            bigint,
    opens_total              bigint,             -- opens.opens_total (repeat opens included)
    unique_opens             bigint,             -- people who opened
    open_rate                double,             -- unique_opens / (emails_sent - bounces)
    last_open                timestamptz,
    clicks_total             bigint,
    unique_clicks            bigint,             -- unique per link: not people
    unique_subscriber_clicks bigint,             -- people who clicked
    click_rate               double,
    last_click               timestamptz,
    forwards_count           bigint,             -- forwards.forwards_count
    forwards_opens           bigint,             -- opens of the forwarded copies
    industry_type            varchar,            -- industry_stats: Mailchimp's averages
    industry_open_rate       double,
    industry_click_rate      double,
    industry_bounce_rate     double,
    industry_unopen_rate     double,
    industry_unsub_rate      double,
    industry_abuse_rate      double,
    _run_id                  varchar not null,
    _loaded_at               timestamptz not null,
    _source                  varchar not null,   -- the request, secrets removed
    _source_row              integer not null    -- position of the report in that answer
);
