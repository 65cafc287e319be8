-- A channel's metric on a day (for a campaign, or for none) is replaced by the same
-- from a file at least as new.
delete from raw.file_channel_daily as landed
where exists (
    select 1 from landing_batch as incoming
    where incoming.channel = landed.channel
        and incoming.metric = landed.metric
        and incoming.pulse_campaign_id is not distinct from landed.pulse_campaign_id
        and incoming.date = landed.date
        and landed._file_time <= incoming._file_time
);
