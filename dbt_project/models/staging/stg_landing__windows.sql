-- The coverage ledger's windows, named by channel and account like the facts.
with

source as (

    select * from {{ source('raw', 'landed_windows') }}

),

renamed as (

    select
        -- ids
        case table_name
            when 'meta_ads_insights' then 'meta_ads'
            when 'meta_page_insights' then 'facebook'
            when 'instagram_insights' then 'instagram'
            when 'google_ads_campaign_daily' then 'google_ads'
            when 'mailchimp_campaign_reports' then 'mailchimp'
        end as channel,
        -- a Mailchimp landing asks for every mailing of the account sent in the window;
        -- its scope, the read day, dates a snapshot and is not an account
        case
            when table_name = 'mailchimp_campaign_reports' then 'mailchimp'
            else scope_value
        end as account_id,
        table_name,
        scope_column,
        scope_value,

        -- the window
        window_start,
        window_end,

        -- what landed
        rows_landed,
        complete as is_complete,

        -- provenance
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
