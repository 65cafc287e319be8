-- The registry is replaced whole on each read.
delete from raw.registry_campaigns;
