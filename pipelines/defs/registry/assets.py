"""The campaign registry, landed whole so the models can join platform data to campaigns."""

# No `from __future__ import annotations`: Dagster reads the context annotation at
# definition time and needs the real class.
from collections.abc import Iterator

import dagster as dg
import pyarrow as pa

from pipelines.defs.landing import Fetched, land_fetched
from pipelines.defs.resources import PulseResource
from pipelines.registry import Registry
from pipelines.warehouse import Replacement


def registry_tables(registry: Registry) -> dict[str, pa.Table]:
    """The registry as the four raw.registry_* tables (without their load time)."""
    source = str(registry.source)
    campaigns, channels, moments, goals = [], [], [], []
    for c in registry.campaigns:
        campaigns.append({
            "campaign_id": c.id, "name": c.name, "start_date": c.start, "end_date": c.end,
            "budget_amount": c.budget_amount, "budget_currency": c.budget_currency,
            "baseline_months": c.baseline_months, "_source": source,
        })
        for s in c.channels:
            for value in s.values or (None,):
                channels.append({"campaign_id": c.id, "channel": s.channel,
                                 "selector": s.kind, "value": value, "_source": source})
        moments += [{"campaign_id": c.id, "date": m.day, "name": m.name, "_source": source}
                    for m in c.moments]
        goals += [{"campaign_id": c.id, "channel": g.channel, "metric": g.metric,
                   "target": g.target, "_source": source} for g in c.goals]
    return {
        "registry_campaigns": pa.Table.from_pylist(campaigns, schema=_CAMPAIGNS),
        "registry_channels": pa.Table.from_pylist(channels, schema=_CHANNELS),
        "registry_moments": pa.Table.from_pylist(moments, schema=_MOMENTS),
        "registry_goals": pa.Table.from_pylist(goals, schema=_GOALS),
    }


_CAMPAIGNS = pa.schema([
    ("campaign_id", pa.string()), ("name", pa.string()), ("start_date", pa.date32()),
    ("end_date", pa.date32()), ("budget_amount", pa.decimal128(18, 2)),
    ("budget_currency", pa.string()), ("baseline_months", pa.int32()), ("_source", pa.string()),
])
_CHANNELS = pa.schema([
    ("campaign_id", pa.string()), ("channel", pa.string()), ("selector", pa.string()),
    ("value", pa.string()), ("_source", pa.string()),
])
_MOMENTS = pa.schema([
    ("campaign_id", pa.string()), ("date", pa.date32()), ("name", pa.string()),
    ("_source", pa.string()),
])
_GOALS = pa.schema([
    ("campaign_id", pa.string()), ("channel", pa.string()), ("metric", pa.string()),
    ("target", pa.float64()), ("_source", pa.string()),
])


REGISTRY_TABLES = ("registry_campaigns", "registry_channels", "registry_moments",
                   "registry_goals")
REGISTRY_KEYS = [dg.AssetKey(["raw", t]) for t in REGISTRY_TABLES]


def build_registry_asset() -> dg.AssetsDefinition:
    """The registry's four tables, one step. Unpartitioned: the registry has no days,
    and every run (a night, a backfill) lands it whole before the models."""

    @dg.multi_asset(
        name="campaign_registry",
        specs=[dg.AssetSpec(key, group_name="registry", kinds={"duckdb", "yaml"},
                            description=f"The campaign registry's {key.path[-1]} table.")
               for key in REGISTRY_KEYS],
    )
    def campaign_registry(context: dg.AssetExecutionContext,
                          pulse: PulseResource) -> Iterator[dg.MaterializeResult]:
        """The campaign registry (PULSE_CAMPAIGNS), validated whole and landed in
        raw.registry_campaigns, _channels, _moments and _goals. A malformed registry
        stops the run with every problem named."""
        registry = pulse.registry()
        tables = registry_tables(registry)
        landed = land_fetched(context, pulse, Fetched(replacements=[
            Replacement(table, {}, data) for table, data in tables.items()]))
        for key in REGISTRY_KEYS:
            yield dg.MaterializeResult(asset_key=key, metadata={
                "rows": tables[key.path[-1]].num_rows,
                "campaigns": len(registry.campaigns),
                "run_rows_landed": (landed.metadata or {}).get("rows_landed", 0),
            })

    return campaign_registry
