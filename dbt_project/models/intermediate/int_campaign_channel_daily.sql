-- Fact rows attributed to campaign periods through the registry's channel selectors.
-- A day can sit in two periods of one campaign (the previous period lies inside the
-- baseline), and a row can belong to several campaigns. A file channel's row that
-- names a campaign (pulse_campaign_id) belongs to that campaign alone, whatever the
-- registry's selectors say.
with

channel_daily as (

    select * from {{ ref('fct_channel_daily') }}

),

periods as (

    select * from {{ ref('int_campaign_periods') }}

),

selectors as (

    select * from {{ ref('stg_registry__channels') }}

),

attributed as (

    select
        periods.campaign_id,
        periods.period,
        channel_daily.date,
        channel_daily.channel,
        channel_daily.account_id,
        channel_daily.object_id,
        channel_daily.object_name,
        channel_daily.metric,
        channel_daily.value,
        channel_daily.aggregation,
        channel_daily.unit

    from channel_daily
    inner join periods
        on channel_daily.date between periods.period_start and periods.period_end
    where channel_daily.pulse_campaign_id = periods.campaign_id
        -- exists, not a join: a row matched by two selector values counts once
        or (channel_daily.pulse_campaign_id is null and exists (
        select 1
        from selectors
        where selectors.campaign_id = periods.campaign_id
            and selectors.channel = channel_daily.channel
            and (
                selectors.selector = 'account'
                or (
                    selectors.selector = 'campaign_ids'
                    and channel_daily.object_id = selectors.selector_value
                )
                or (
                    selectors.selector = 'campaign_name_contains'
                    and contains(lower(channel_daily.object_name), lower(selectors.selector_value))
                )
            )
    ))

)

select * from attributed
