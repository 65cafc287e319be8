{#-
    A platform's exports as fact rows (X, TikTok): the account's daily figures where an
    export has them, and the posts' (videos') totals on the day each was published for
    the rest. Per day and metric the account's figure wins, so a day's impressions are
    either the account's that day or the sum of that day's posts, never both. `posts`
    counts the posts published each day (where the account's export does not).

    daily_model: a stg_* model of (date, metric, aggregation, value) rows;
    items_model: a stg_* model of one row per post with a date and metric columns;
    item_metrics: those metric columns (our metric names).
-#}
{% macro export_channel_daily(channel, daily_model, items_model, item_metrics) %}
with

account_days as (

    select date, metric, value, aggregation, 1 as priority
    from {{ ref(daily_model) }}
    -- unmapped columns and stock levels (total followers) are not daily facts
    where aggregation in ('sum', 'daily_unique')
        and value is not null

),

item_totals as (

    select
        date,
        cast(count(*) as double) as posts,
        {% for metric in item_metrics -%}
        cast(sum({{ metric }}) as double) as {{ metric }}{{ "," if not loop.last }}
        {% endfor %}
    from {{ ref(items_model) }}
    group by date

),

item_days as (

    -- one row per day and metric; a metric no post of the day has stays out
    select date, metric, value, 'sum' as aggregation, 2 as priority
    from (
        unpivot item_totals
        on posts, {{ item_metrics | join(', ') }}
        into name metric value value
    ) as unpivoted

),

deduplicated as (

    select * from (
        select * from account_days
        union all
        select * from item_days
    ) as candidates
    qualify row_number() over (partition by date, metric order by priority) = 1

),

final as (

    select
        date,
        '{{ channel }}' as channel,
        -- an export names no account: the channel is its own account
        '{{ channel }}' as account_id,
        '{{ channel }}' as object_id,
        cast(null as varchar) as object_name,
        metric,
        value,
        aggregation,
        'count' as unit

    from deduplicated

)

select * from final
{% endmacro %}
