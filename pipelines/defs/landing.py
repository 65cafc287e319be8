"""What every ingestion asset does around its connector: fetch each account, land, report.

Fetching happens first, outside the writer lock, so channels fetch in parallel; the
landing is one transaction. One account failing does not stop the others from landing:
the good accounts land, then the asset fails naming the account and the source's message.
A channel whose settings are wrong fails before fetching anything, naming the setting.
"""

from __future__ import annotations

import functools
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any, NoReturn, TypeVar

import dagster as dg
import pyarrow as pa

from connectors.errors import GaveUpError, SourceError
from connectors.redact import redact
from connectors.windows import DateWindow
from pipelines import checks
from pipelines.defs.partitions import partition_window
from pipelines.defs.resources import PulseResource
from pipelines.warehouse import RAW_TABLES, Replacement

T = TypeVar("T")

NO_RUN_RETRY_TAG = "dagster/retry_on_asset_or_op_failure"
# The nightly runs at 02:00: by 06:00 every channel fed by it has landed in the past day.
FRESHNESS_DEADLINE = "0 6 * * *"


def ingestion_asset(table: str, group: str, partitions_def: dg.TimeWindowPartitionsDefinition,
                    *, kinds: set[str], nightly: bool = True,
                    **extra: Any) -> Callable[..., dg.AssetsDefinition]:
    """The decorator of an ingestion asset: raw.`table` in the channel's `group`, on the
    shared daily partitions with a single-run backfill, with the table's data checks
    and, for a channel the nightly run feeds, a freshness policy the UI shows."""
    freshness = dg.FreshnessPolicy.cron(
        deadline_cron=FRESHNESS_DEADLINE, lower_bound_delta=timedelta(hours=24),
        timezone=partitions_def.timezone) if nightly else None
    with warnings.catch_warnings():
        # A channel's backfill as one run is the design; Dagster marks the parameter beta
        # and would say so once per asset in every step process of every run.
        warnings.filterwarnings("ignore", category=dg.BetaWarning,
                                message=".*backfill_policy.*")
        decorate = dg.asset(key=["raw", table], group_name=group,
                            check_specs=checks.check_specs(table), kinds={"duckdb", *kinds},
                            partitions_def=partitions_def,
                            backfill_policy=dg.BackfillPolicy.single_run(),
                            freshness_policy=freshness, **extra)

    def checked(body: Callable[..., dg.MaterializeResult]) -> dg.AssetsDefinition:
        # Every landing (or skip) ends with the table's checks over the run's days: the
        # checks are the asset's required outputs, and they say what the table holds
        # for those days whatever this run could add to it.
        @functools.wraps(body)
        def asset_body(context: dg.AssetExecutionContext,
                       pulse: PulseResource) -> dg.MaterializeResult:
            # The group is the channel: a wrong setting of it fails it here, alone.
            if (problem := pulse.settings.misconfigured(group)) is not None:
                wrong_settings(context, pulse, problem)
            result = body(context, pulse)
            return dg.MaterializeResult(metadata=result.metadata, tags=result.tags,
                                        check_results=check_landed(context, pulse))

        return decorate(asset_body)

    return checked


LANDED_WINDOWS = dg.AssetKey(["raw", "landed_windows"])


def landed_windows_spec() -> dg.AssetSpec:
    """raw.landed_windows, the coverage ledger: written by every windowed landing in its
    own transaction (pipelines/warehouse.py), so it is an asset the channels feed rather
    than one of its own; the models' coverage reads it through the dbt source."""
    feeders = [dg.AssetKey(["raw", t.name]) for t in RAW_TABLES.values() if t.windowed]
    return dg.AssetSpec(
        LANDED_WINDOWS, group_name="landing", kinds={"duckdb"}, deps=feeders,
        description="The coverage ledger: every window an API channel landed (table, "
                    "account, first and last day, run), rows or none. A day no window "
                    "covers was never asked of the source: its figure is unknown, not 0.")


# A connector's daily read of one object (account, page, customer) over a window; the
# third argument receives warnings.
ObjectFetch = Callable[[str, DateWindow, Callable[[str], None]], Iterable[pa.RecordBatch]]


@dataclass
class Fetched:
    """What a channel fetched for one run: the slices to land and what went wrong."""

    replacements: list[Replacement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # Whether trying again later may help any failure (throttling, a source down); an
    # expired token or a wrong setting will fail the same way until someone acts.
    worth_retrying: bool = False
    # Time spent fetching (talking to the source and typing its answers), all accounts.
    fetch_seconds: float = 0.0

    def attempt(self, what: str, fetch: Callable[[], Replacement | Sequence[Replacement]]) -> None:
        """Run one account's fetch; a source error is recorded against `what`."""
        started = time.monotonic()
        try:
            got = fetch()
        except SourceError as exc:
            self.failures.append(f"{what}: {exc}")
            self.worth_retrying |= exc.retryable or isinstance(exc, GaveUpError)
            return
        finally:
            self.fetch_seconds += time.monotonic() - started
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


def wrong_settings(context: dg.AssetExecutionContext, pulse: PulseResource,
                   problem: str) -> NoReturn:
    """Fail the channel's asset over a wrong setting (`problem` names it): nothing is
    fetched, and the run is not retried, since it would fail the same way."""
    channel = context.assets_def.group_names_by_key[context.asset_key]
    do_not_retry(context)
    raise dg.Failure(description=redact(
        f"the {channel} channel's settings are wrong, so nothing was fetched: {problem}. "
        "Correct them in the environment (or .env), then run the channel again; the "
        "other channels are not affected.", pulse.settings.secrets()))


def connector_config(context: dg.AssetExecutionContext, pulse: PulseResource,
                     build: Callable[[], T]) -> T:
    """The connector's configuration, built from the settings by `build`. What the
    connector refuses (an API version, a key without its data center, missing OAuth
    credentials) is a wrong setting too: the channel fails as `wrong_settings` says."""
    try:
        return build()
    except (SourceError, ValueError) as exc:
        wrong_settings(context, pulse, str(exc))


def land_fetched(context: dg.AssetExecutionContext, pulse: PulseResource,
                 fetched: Fetched) -> dg.MaterializeResult:
    """Land every fetched slice in one transaction, then fail if any account failed."""
    secrets = pulse.settings.secrets()
    for warning in fetched.warnings:
        context.log.warning(redact(warning, secrets))
    landing = time.monotonic()
    result = pulse.warehouse.land(fetched.replacements, run_id=context.run.run_id,
                                  holder=context.op_execution_context.op_def.name)
    metadata: dict[str, dg.RawMetadataValue] = {
        "rows_landed": result.rows_inserted,
        "rows_replaced": result.rows_deleted,
        "slices": len(fetched.replacements),
        # Where a run's time goes: the source, or the warehouse (its lock included).
        "fetch_seconds": round(fetched.fetch_seconds, 3),
        "land_seconds": round(time.monotonic() - landing, 3),
    }
    if result.rows_outside_window:
        metadata["rows_outside_window_dropped"] = result.rows_outside_window
    if fetched.warnings:
        metadata["warnings"] = "\n".join(redact(w, secrets) for w in fetched.warnings)
    if fetched.failures:
        message = redact("\n".join(fetched.failures), secrets)
        context.log.error(message)
        if not fetched.worth_retrying:
            do_not_retry(context)
        raise dg.Failure(
            description=f"{len(fetched.failures)} source(s) failed; the others landed "
                        f"({result.rows_inserted} rows):\n{message}",
            metadata=metadata,
        )
    return dg.MaterializeResult(metadata=metadata)


def do_not_retry(context: dg.AssetExecutionContext) -> None:
    """Tag the run not to be retried: run retries (the nightly runs') would only repeat
    a failure that someone must fix (a refused token, a wrong setting)."""
    context.instance.add_run_tags(context.run.run_id, {NO_RUN_RETRY_TAG: "false"})


def check_landed(context: dg.AssetExecutionContext,
                 pulse: PulseResource) -> list[dg.AssetCheckResult]:
    """The asset's data checks (pipelines/checks.py) over the days it just landed: one
    day (a partition materialized from the UI) or a range (a backfill, a night)."""
    if not context.assets_def.check_specs:
        return []
    window = partition_window(context)
    table = context.asset_key.path[-1]
    if not pulse.warehouse.path.exists():
        # Nothing landed anywhere yet (a channel skipped on a new machine): no rows, so
        # nothing to flag, and no reason to create the warehouse.
        return checks.nothing_landed(table, window.start, window.end)
    with pulse.warehouse.reader("checks") as conn:
        return checks.evaluate(conn, table, window.start, window.end)


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
