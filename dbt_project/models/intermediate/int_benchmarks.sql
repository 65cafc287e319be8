-- Every benchmark: the user's seed and the figures a platform provides (Mailchimp's
-- industry stats), with where each comes from.
with

seeded as (

    select * from {{ ref('benchmarks') }}

),

mailchimp as (

    select * from {{ ref('int_benchmarks__mailchimp') }}

),

unioned as (

    select
        benchmark, channel, metric, value, low, high, unit, source, year, notes,
        'seed' as origin
    from seeded

    union all

    select
        benchmark, channel, metric, value, low, high, unit, source, year, notes,
        'mailchimp' as origin
    from mailchimp

)

select * from unioned
