-- Google Ads campaign metrics as fact rows: one per campaign, day and metric.
with

campaign_daily as (

    select * from {{ ref('stg_google_ads__campaign_daily') }}

),

unpivoted as (

    select * from campaign_daily
    unpivot (
        value for metric in (impressions, clicks, spend, conversions)
    )

),

final as (

    select
        date,
        'google_ads' as channel,
        customer_id as account_id,
        campaign_id as object_id,
        campaign_name as object_name,
        metric,
        value,
        'sum' as aggregation,
        case when metric = 'spend' then currency else 'count' end as unit

    from unpivoted

)

select * from final
