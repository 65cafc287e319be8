"""campaign-pulse's Dagster code location and the commands around it."""
