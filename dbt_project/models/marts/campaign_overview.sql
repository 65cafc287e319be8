-- One row per registry campaign: what the report's heading states (name, windows,
-- budget), so that the report reads the campaign from the snapshot alone.
with

campaigns as (

    select * from {{ ref('stg_registry__campaigns') }}

),

periods as (

    select * from {{ ref('int_campaign_periods') }}

),

channels as (

    select * from {{ ref('stg_registry__channels') }}

),

windows as (

    select
        campaign_id,
        max(period_start) filter (where period = 'previous') as previous_start,
        max(period_end) filter (where period = 'previous') as previous_end,
        max(period_start) filter (where period = 'baseline') as baseline_start,
        max(period_end) filter (where period = 'baseline') as baseline_end
    from periods
    group by campaign_id

),

channel_counts as (

    select
        campaign_id,
        count(distinct channel) as channel_count
    from channels
    group by campaign_id

),

final as (

    select
        campaigns.campaign_id,
        campaigns.campaign_name,
        campaigns.start_date,
        campaigns.end_date,
        cast(campaigns.end_date - campaigns.start_date + 1 as integer) as campaign_days,
        windows.previous_start,
        windows.previous_end,
        windows.baseline_start,
        windows.baseline_end,
        campaigns.baseline_months,
        campaigns.budget_amount,
        campaigns.budget_currency,
        coalesce(channel_counts.channel_count, 0) as channel_count

    from campaigns
    inner join windows
        on campaigns.campaign_id = windows.campaign_id
    left join channel_counts
        on campaigns.campaign_id = channel_counts.campaign_id

)

select * from final
