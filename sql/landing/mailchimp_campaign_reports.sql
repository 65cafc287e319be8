-- Replace one read day's snapshots of the mailings sent in the landed window; the
-- snapshots of other read days (the history of each report) are kept.
delete from raw.mailchimp_campaign_reports
where read_date = cast($read_date as date)
    and send_date between $window_start and $window_end;
