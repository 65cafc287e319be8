-- The coverage ledger: every window an API channel landed, one row per landing of one
-- account's (page's, customer's...) window, written in the landing's own transaction.
-- A window that landed no rows still has its row: it says the source was asked and had
-- nothing (an ad campaign that did not deliver is a real 0), where a day no window
-- covers was never asked (its figure is unknown, not 0). Rows are only added: re-landing
-- a window adds a row, so the ledger is also the history of the landings.
create table if not exists raw.landed_windows (
    table_name          varchar not null,   -- the raw table landed (meta_ads_insights, ...)
    scope_column        varchar not null,   -- what the slice is: account_id, page_id,
                                            -- ig_user_id, customer_id; read_date (Mailchimp)
    scope_value         varchar not null,   -- the account (or the read day) landed
    window_start        date    not null,   -- first day of the window (inclusive)
    window_end          date    not null,   -- last day of the window (inclusive)
    rows_landed         integer not null,   -- rows this landing put in the window
    complete            boolean not null,   -- false: part of the window's objects failed
                                            -- and are missing (e.g. a Mailchimp report)
    _run_id             varchar not null,
    _loaded_at          timestamptz not null,
    _source             varchar not null    -- the step that landed the window
);
