-- Each channel the registry maps to a campaign, and whether the snapshot holds any of
-- its figures: a mapped channel without data (not configured, not collected yet) is
-- named in the report rather than left out silently.
with

selectors as (

    select * from {{ ref('stg_registry__channels') }}

),

growth as (

    select * from {{ ref('campaign_growth') }}

),

daily as (

    select * from {{ ref('campaign_daily') }}

),

mapped as (

    select
        campaign_id,
        channel,
        min(selector) as selector,
        string_agg(selector_value, ', ' order by selector_value) as selector_values
    from selectors
    group by campaign_id, channel

),

measured as (

    select
        campaign_id,
        channel,
        count(*) as metric_count
    from growth
    group by campaign_id, channel

),

active as (

    -- the days the channel delivered something during the campaign (channels can run
    -- on their own dates inside the window)
    select
        campaign_id,
        channel,
        min(date) as first_active_day,
        max(date) as last_active_day,
        count(distinct date) as active_days
    from daily
    where period = 'current'
        and value != 0
    group by campaign_id, channel

),

final as (

    select
        mapped.campaign_id,
        mapped.channel,
        mapped.selector,
        mapped.selector_values,
        coalesce(measured.metric_count, 0) as metric_count,
        active.first_active_day,
        active.last_active_day,
        coalesce(active.active_days, 0) as active_days,
        case when measured.metric_count is null then 'no_data' else 'reported' end as status

    from mapped
    left join measured
        on mapped.campaign_id = measured.campaign_id
        and mapped.channel = measured.channel
    left join active
        on mapped.campaign_id = active.campaign_id
        and mapped.channel = active.channel

)

select * from final
