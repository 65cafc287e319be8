with

source as (

    select * from {{ source('raw', 'tiktok_videos') }}

),

renamed as (

    select
        -- ids
        video_id,

        -- properties
        date,
        posted_at,
        title,
        video_link,
        export_format,

        -- measures
        views,
        likes,
        comments,
        shares,

        -- provenance
        _source as source_file,
        _source_row as source_row,
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
