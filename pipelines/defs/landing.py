"""What every ingestion asset does around its connector: fetch each account, land, report.

Fetching happens first, outside the writer lock, so channels fetch in parallel; the
landing is one transaction. One account failing does not stop the others from landing:
the good accounts land, then the asset fails naming the account and the source's message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

import dagster as dg
import pyarrow as pa

from connectors.errors import SourceError
from connectors.redact import redact
from connectors.windows import DateWindow
from pipelines.defs.partitions import partition_window
from pipelines.defs.resources import PulseResource
from pipelines.warehouse import Replacement

# A connector's daily read of one object (account, page, customer) over a window; the
# third argument receives warnings.
ObjectFetch = Callable[[str, DateWindow, Callable[[str], None]], Iterable[pa.RecordBatch]]


@dataclass
class Fetched:
    """What a channel fetched for one run: the slices to land and what went wrong."""

    replacements: list[Replacement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def attempt(self, what: str, fetch: Callable[[], Replacement | Sequence[Replacement]]) -> None:
        """Run one account's fetch; a source error is recorded against `what`."""
        try:
            got = fetch()
        except SourceError as exc:
            self.failures.append(f"{what}: {exc}")
            return
        self.replacements.extend([got] if isinstance(got, Replacement) else got)


def to_table(batches: Iterable[pa.RecordBatch], schema: pa.Schema) -> pa.Table:
    """Gather a connector's batches (of the raw table's `schema`) into one Arrow table."""
    return pa.Table.from_batches(list(batches), schema=schema)


def channel_off(context: dg.AssetExecutionContext,
                reason: str | None) -> dg.MaterializeResult | None:
    """A materialization that says the channel is off, or None when it is on."""
    if reason is None:
        return None
    context.log.warning(f"channel skipped: {reason}")
    return dg.MaterializeResult(metadata={"skipped": reason, "rows_landed": 0})


def land_fetched(context: dg.AssetExecutionContext, pulse: PulseResource,
                 fetched: Fetched) -> dg.MaterializeResult:
    """Land every fetched slice in one transaction, then fail if any account failed."""
    secrets = pulse.settings.secrets()
    for warning in fetched.warnings:
        context.log.warning(redact(warning, secrets))
    result = pulse.warehouse.land(fetched.replacements, run_id=context.run.run_id,
                                  holder=context.op_execution_context.op_def.name)
    metadata: dict[str, dg.RawMetadataValue] = {
        "rows_landed": result.rows_inserted,
        "rows_replaced": result.rows_deleted,
        "slices": len(fetched.replacements),
    }
    if result.rows_outside_window:
        metadata["rows_outside_window_dropped"] = result.rows_outside_window
    if fetched.warnings:
        metadata["warnings"] = "\n".join(redact(w, secrets) for w in fetched.warnings)
    if fetched.failures:
        message = redact("\n".join(fetched.failures), secrets)
        context.log.error(message)
        raise dg.Failure(
            description=f"{len(fetched.failures)} source(s) failed; the others landed "
                        f"({result.rows_inserted} rows):\n{message}",
            metadata=metadata,
        )
    return dg.MaterializeResult(metadata=metadata)


def land_objects_daily(context: dg.AssetExecutionContext, pulse: PulseResource, *,
                       ids: Sequence[str], label: str, table: str, scope: str,
                       schema: pa.Schema, fetch: ObjectFetch) -> dg.MaterializeResult:
    """Fetch the run's days for each object (`ids`), then land them all: each object's
    slice of `table` (its `scope` column) is replaced exactly over the run's days."""
    window, fetched = partition_window(context), Fetched()

    def one(object_id: str) -> Replacement:
        batches = fetch(object_id, window, fetched.warnings.append)
        return Replacement(table, {scope: object_id}, to_table(batches, schema),
                           (window.start, window.end))

    for object_id in ids:
        fetched.attempt(f"{label} {object_id}", partial(one, object_id))
    return land_fetched(context, pulse, fetched)
