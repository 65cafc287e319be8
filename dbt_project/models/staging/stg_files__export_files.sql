-- The export files landed, with the days each one covers.
with

source as (

    select * from {{ source('raw', 'export_files') }}

),

renamed as (

    select
        -- ids
        file_sha256,
        channel,

        -- properties
        file_name,
        export_format,
        rows_read,
        rows_rejected,
        records,

        -- the days the file covers; a file landed before raw.export_files had its span
        -- is taken for its rows' days
        first_date,
        last_date,
        coalesce(span_start, first_date) as span_start,
        coalesce(span_end, last_date) as span_end,

        -- provenance
        _run_id as run_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
