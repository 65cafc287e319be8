with

source as (

    select * from {{ source('raw', 'twitter_posts') }}

),

renamed as (

    select
        -- ids
        post_id,

        -- properties
        date,
        posted_at,
        text as post_text,
        permalink,
        export_format,

        -- measures (our metric names)
        impressions,
        engagements,
        likes,
        reposts,
        replies,
        bookmarks,
        shares,
        profile_visits as profile_views,
        url_clicks as link_clicks,
        new_follows as followers_gained,
        media_views,

        -- provenance
        _source as source_file,
        _source_row as source_row,
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
