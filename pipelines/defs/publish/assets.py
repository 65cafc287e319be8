"""The published snapshot analysts open (PULSE_ANALYTICS)."""

# No `from __future__ import annotations`: Dagster reads the context annotation at
# definition time and needs the real class.
from collections.abc import Iterable

import dagster as dg

from pipelines.defs.resources import PulseResource
from pipelines.publish import publish_snapshot


def build_publish_asset(models: Iterable[dg.AssetKey]) -> dg.AssetsDefinition:
    """The snapshot, downstream of every model; unpartitioned (it is the whole warehouse)."""

    @dg.asset(
        key=["analytics_snapshot"],
        group_name="publish",
        deps=list(models),
        kinds={"duckdb"},
    )
    def analytics_snapshot(context: dg.AssetExecutionContext,
                           pulse: PulseResource) -> dg.MaterializeResult:
        """The analysts' read-only copy of the warehouse (PULSE_ANALYTICS), replaced
        atomically after each successful build: an open analyst connection is never
        blocked and never sees a half-built mart."""
        published = publish_snapshot(pulse.warehouse, pulse.settings.analytics)
        context.log.info(f"published {published.path} ({published.bytes} bytes)")
        return dg.MaterializeResult(metadata={
            "path": str(published.path),
            "bytes": published.bytes,
            "campaign_growth_rows": published.growth_rows,
            "seconds": round(published.seconds, 3),
        })

    return analytics_snapshot
