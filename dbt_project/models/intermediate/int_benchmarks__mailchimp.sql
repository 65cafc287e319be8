-- Mailchimp's industry figures as benchmark rows: the industry averages Mailchimp
-- returns with each campaign report (`industry_stats`: the account's industry and its
-- average open and click rates, fractions of 1), from the latest read of the latest
-- mailing per industry. The open rate is set beside our open_rate (unique opens per
-- delivered email, as Mailchimp counts it). Mailchimp's click rate is clickers per
-- delivered email, not click_to_open_rate: it keeps its own name, click_rate.
with

reports as (

    select * from {{ ref('int_mailchimp__campaign_reports') }}
    where industry_type is not null

),

latest as (

    select *
    from reports
    qualify row_number() over (
        partition by industry_type
        order by send_date desc, read_date desc, campaign_id
    ) = 1

),

figures as (

    select
        'mailchimp_industry_open_rate' as benchmark,
        'open_rate' as metric,
        industry_open_rate as fraction,
        'Unique opens per delivered email, industry average' as notes,
        industry_type,
        read_date
    from latest
    where industry_open_rate is not null

    union all

    select
        'mailchimp_industry_click_rate' as benchmark,
        'click_rate' as metric,
        industry_click_rate as fraction,
        'Recipients who clicked per delivered email, industry average' as notes,
        industry_type,
        read_date
    from latest
    where industry_click_rate is not null

),

final as (

    select
        -- one industry per account as a rule; its name keeps the key unique if not
        cast(benchmark || '__' || regexp_replace(lower(industry_type), '[^a-z0-9]+', '_', 'g')
            as varchar) as benchmark,
        cast('mailchimp' as varchar) as channel,
        cast(metric as varchar) as metric,
        cast(fraction * 100 as double) as value,
        cast(null as double) as low,
        cast(null as double) as high,
        cast('percent' as varchar) as unit,
        cast('Mailchimp industry stats: ' || industry_type as varchar) as source,
        cast(year(read_date) as integer) as year,
        cast(notes as varchar) as notes
    from figures

)

select * from final
