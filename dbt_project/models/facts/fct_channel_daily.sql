{{
    config(
        materialized='incremental',
        incremental_strategy='replace_window',
        window_column='date',
        on_schema_change='append_new_columns',
    )
}}

{#-
    The unified daily fact: every channel's metrics, one row per (date, channel,
    account_id, object_id, metric).

    An incremental build replaces exactly the days between the vars min_date and
    max_date (the partition window just landed; all days when absent); the first build
    and --full-refresh take every day. Adding a channel is adding its staging model and
    an int_channel_daily__<channel> model with these columns, then its name here.
    'files' holds every generic file channel (calls, print, ...), whose rows may name
    the one campaign they belong to (pulse_campaign_id; null for every other channel).
-#}
{%- set channels = ['meta_ads', 'facebook', 'instagram', 'google_ads', 'mailchimp', 'twitter',
                     'tiktok', 'files'] -%}
{%- set attributed_channels = ['files'] -%}

with

{% for channel in channels %}
{{ channel }} as (

    select
        date,
        channel,
        account_id,
        object_id,
        object_name,
        metric,
        value,
        aggregation,
        unit,
        {% if channel in attributed_channels -%}
        pulse_campaign_id
        {%- else -%}
        cast(null as varchar) as pulse_campaign_id
        {%- endif %}
    from {{ ref('int_channel_daily__' ~ channel) }}
    {%- if is_incremental() %}
    where {{ in_run_window('date') }}
    {%- endif %}

),
{% endfor %}

unioned as (

    {% for channel in channels -%}
    select * from {{ channel }}
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

final as (

    select
        cast(date as date) as date,
        cast(channel as varchar) as channel,
        cast(account_id as varchar) as account_id,
        cast(object_id as varchar) as object_id,
        cast(object_name as varchar) as object_name,
        cast(metric as varchar) as metric,
        cast(value as double) as value,
        cast(aggregation as varchar) as aggregation,
        cast(unit as varchar) as unit,
        cast(pulse_campaign_id as varchar) as pulse_campaign_id
    from unioned

)

select * from final
