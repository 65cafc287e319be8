-- A day's metric is replaced by the same day and metric from an export at least as new.
delete from raw.twitter_daily as landed
where exists (
    select 1 from landing_batch as incoming
    where incoming.date = landed.date
        and incoming.metric = landed.metric
        and landed._file_time <= incoming._file_time
);
