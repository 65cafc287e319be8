"""Dagster definitions, one folder per source or stage, built by `pipelines.definitions`."""
