-- A video is replaced by the same video from an export at least as new.
delete from raw.tiktok_videos as landed
where exists (
    select 1 from landing_batch as incoming
    where incoming.video_id = landed.video_id
        and landed._file_time <= incoming._file_time
);
