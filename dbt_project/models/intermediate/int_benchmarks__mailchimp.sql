-- Mailchimp's industry figures as benchmark rows: empty until the Mailchimp channel
-- lands them.
--
-- Mailchimp sends them in each campaign report (GET /reports/{campaign_id}, the
-- `industry_stats` object: `type`, the account's industry, and `open_rate`,
-- `click_rate`, ... as fractions of 1). Expected upstream: a staging model
-- stg_mailchimp__industry_stats, one row per report, with
--     report_date date, industry varchar, open_rate double, click_rate double.
-- To use it, replace `empty` below with a select from it that keeps the latest report
-- per industry and gives, per figure, one row of these columns:
--     benchmark  'mailchimp_' || metric            metric  'open_rate' | 'click_rate'
--     channel    'mailchimp'                       value   open_rate * 100 (percent)
--     low, high  null                              unit    'percent'
--     source     'Mailchimp industry stats: ' || industry
--     year       year(report_date)                 notes   what the figure measures
-- Mailchimp's click_rate is clicks per email sent, not click_to_open_rate: keep its name.
with

empty as (

    select
        cast(null as varchar) as benchmark,
        cast(null as varchar) as channel,
        cast(null as varchar) as metric,
        cast(null as double) as value,
        cast(null as double) as low,
        cast(null as double) as high,
        cast(null as varchar) as unit,
        cast(null as varchar) as source,
        cast(null as integer) as year,
        cast(null as varchar) as notes
    where false

)

select * from empty
