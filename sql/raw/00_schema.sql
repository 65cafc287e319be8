-- The raw layer: what the sources sent, typed once at the edge, with provenance.
-- Every table ends with the same four provenance columns, filled by the landing step.
create schema if not exists raw;
