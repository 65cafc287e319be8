-- The days each channel has landed, so that a figure over a window the pipeline never
-- fetched is unknown (NULL) rather than 0.
--
-- A day is landed for one account when a complete window of the coverage ledger holds
-- it (an API channel), when a landed export file covers it (a file channel), or when
-- the facts hold a row of that account on that day (rows only get there by landing:
-- this also counts what landed before the ledger existed). A channel's day is landed
-- when every account expected that day landed it: an account is expected from the first
-- to the last day anything landed for it, so an account that failed one night leaves a
-- gap, while an account added later (or dropped from the settings) is not asked for
-- outside its own span.
with

landed_windows as (

    select * from {{ ref('stg_landing__windows') }}
    where is_complete

),

export_files as (

    select * from {{ ref('stg_files__export_files') }}
    where span_start is not null

),

channel_daily as (

    select * from {{ ref('fct_channel_daily') }}

),

window_days as (

    select
        channel,
        account_id,
        cast(unnest(generate_series(window_start, window_end, interval 1 day)) as date)
            as date
    from landed_windows

),

file_days as (

    -- an export names no account: the channel is its own account, as in the facts
    select
        channel,
        channel as account_id,
        cast(unnest(generate_series(span_start, span_end, interval 1 day)) as date) as date
    from export_files

),

row_days as (

    select distinct
        channel,
        -- Mailchimp lands the whole account's mailings: its facts' account (the
        -- audience) is not what a landing covers
        case when channel = 'mailchimp' then 'mailchimp' else account_id end as account_id,
        date
    from channel_daily

),

account_days as (

    select distinct channel, account_id, date
    from (
        select * from window_days
        union all
        select * from file_days
        union all
        select * from row_days
    ) as landed

),

account_spans as (

    select
        channel,
        account_id,
        min(date) as first_day,
        max(date) as last_day
    from account_days
    group by channel, account_id

),

channel_days as (

    select
        channel,
        date,
        count(*) as accounts_landed
    from account_days
    group by channel, date

),

final as (

    select
        channel_days.channel,
        channel_days.date,
        channel_days.accounts_landed,
        count(*) as accounts_expected,
        channel_days.accounts_landed = count(*) as is_landed

    from channel_days
    inner join account_spans
        on channel_days.channel = account_spans.channel
        and channel_days.date between account_spans.first_day and account_spans.last_day
    group by channel_days.channel, channel_days.date, channel_days.accounts_landed

)

select * from final
