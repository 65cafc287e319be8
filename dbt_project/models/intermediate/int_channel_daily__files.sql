-- The generic channel files as fact rows: one per channel, day, metric and campaign (the
-- campaign a row names, or none). Rates (_rate, _pct) are kept as given in staging and
-- stay out of the facts, which are summed.
with

channel_daily as (

    select * from {{ ref('stg_files__channel_daily') }}
    where not is_rate

),

final as (

    select
        date,
        channel,
        -- a file names no account: the channel is its own account
        channel as account_id,
        channel as object_id,
        cast(null as varchar) as object_name,
        metric,
        value,
        'sum' as aggregation,
        'count' as unit,
        campaign_id as pulse_campaign_id

    from channel_daily

)

select * from final
