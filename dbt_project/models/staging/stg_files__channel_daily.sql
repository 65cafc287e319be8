with

source as (

    select * from {{ source('raw', 'file_channel_daily') }}

),

renamed as (

    select
        -- ids
        channel,
        metric,
        pulse_campaign_id as campaign_id,

        -- properties
        date,
        range_start,
        range_end,
        note,
        -- rates (names ending in _rate or _pct) are kept as given and never summed
        (metric like '%\_rate' escape '\' or metric like '%\_pct' escape '\') as is_rate,

        -- measures
        value,
        given_value,

        -- provenance
        _source as source_file,
        _source_row as source_row,
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
