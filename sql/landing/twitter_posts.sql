-- A post is replaced by the same post from an export at least as new: the newest export
-- of a post wins, whatever order the files land in (older ones are held back on insert).
delete from raw.twitter_posts as landed
where exists (
    select 1 from landing_batch as incoming
    where incoming.post_id = landed.post_id
        and landed._file_time <= incoming._file_time
);
