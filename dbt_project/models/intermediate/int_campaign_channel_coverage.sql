-- How much of each campaign period every channel of the campaign has landed: a
-- previous or baseline figure is only stated when its channel landed the whole window.
with

periods as (

    select * from {{ ref('int_campaign_periods') }}

),

selectors as (

    select * from {{ ref('stg_registry__channels') }}

),

campaign_channel_daily as (

    select * from {{ ref('int_campaign_channel_daily') }}

),

landed_days as (

    select * from {{ ref('int_channel_landed_days') }}
    where is_landed

),

campaign_channels as (

    -- the registry's channels, and those of file rows naming the campaign
    select campaign_id, channel from selectors
    union
    select campaign_id, channel from campaign_channel_daily

),

covered as (

    select
        periods.campaign_id,
        campaign_channels.channel,
        periods.period,
        periods.period_start,
        periods.period_end,
        cast(periods.period_end - periods.period_start + 1 as integer) as period_days,
        cast(count(landed_days.date) as integer) as days_landed,
        min(landed_days.date) as first_day_landed,
        max(landed_days.date) as last_day_landed

    from campaign_channels
    inner join periods
        on campaign_channels.campaign_id = periods.campaign_id
    left join landed_days
        on campaign_channels.channel = landed_days.channel
        and landed_days.date between periods.period_start and periods.period_end
    group by
        periods.campaign_id,
        campaign_channels.channel,
        periods.period,
        periods.period_start,
        periods.period_end

),

final as (

    select
        *,
        days_landed = period_days as is_covered
    from covered

)

select * from final
