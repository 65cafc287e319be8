"""The models over ten million fact rows: dbt against the same SQL run directly in
DuckDB; then the analyst's example queries on the published snapshot.

- dbt: `dbt run --select +campaign_growth` (the growth mart, the daily fact and what
  they are built from) on a copy of the dataset's warehouse, as the pipeline runs it.
- direct: the SQL dbt compiled for the same models, in the same order, each wrapped as
  dbt materializes it (`create or replace view|table ... as`), on one DuckDB connection.
- dbt's fixed cost: the same `dbt run` over the same raw tables, empty.
- analyst: after a whole `dbt build` and the publish step, every query in
  sql/analyst/ on the snapshot, read-only, many times each.
"""

from __future__ import annotations

import json
import shutil
import statistics
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from benchmarks import dataset
from benchmarks.common import (
    DATA_DIR,
    PROJECT_ROOT,
    Ratio,
    Result,
    Stat,
    dbt,
    dbt_process,
    fresh,
    spaced,
)

SELECTION = "+campaign_growth"
ANALYST_DIR = PROJECT_ROOT / "sql" / "analyst"
ANALYST_REPEATS = 20


def compiled_models(target: Path) -> list[dict[str, Any]]:
    """The selected models as dbt compiled them, in an order that respects their refs."""
    manifest = json.loads((target / "manifest.json").read_text())
    selected = set((target / "selected.txt").read_text().split())
    nodes: Mapping[str, dict[str, Any]] = {
        key: node for key, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and key in selected}
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()

    def place(key: str) -> None:
        if key in placed or key not in nodes:
            return
        for parent in nodes[key]["depends_on"]["nodes"]:
            place(parent)
        placed.add(key)
        ordered.append(nodes[key])

    for key in sorted(nodes):
        place(key)
    return ordered


def direct(models: list[dict[str, Any]], warehouse: Path) -> float:
    """The compiled SQL of `models` straight on DuckDB, materialized as dbt does."""
    started = time.perf_counter()
    with duckdb.connect(str(warehouse)) as conn:
        for node in models:
            kind = "view" if node["config"]["materialized"] == "view" else "table"
            conn.execute(f"create schema if not exists {node['schema']}")
            conn.execute(f"create or replace {kind} {node['relation_name']} as "
                         f"({node['compiled_code']})")
        conn.execute("checkpoint")
    return time.perf_counter() - started


def _selected(target: Path, warehouse: Path) -> None:
    """Compile the selection once; keep the list of what it selects beside the manifest
    (listed first: `dbt ls` writes a manifest without the compiled code)."""
    listed = dbt_process(["ls", "--select", SELECTION, "--resource-type", "model", "--output",
                          "json", "--output-keys", "unique_id", "--quiet"], warehouse, target)
    ids = [json.loads(line)["unique_id"] for line in listed.stdout.splitlines()
           if line.startswith("{")]
    (target / "selected.txt").write_text("\n".join(ids))
    dbt(["compile", "--select", SELECTION], warehouse, target)


def benchmark(runs: int) -> tuple[Result, Result]:
    """The models benchmark and the analyst benchmark (which needs the models built)."""
    full, empty = dataset.templates()
    work = fresh(DATA_DIR / "work" / "models")
    target = work / "target"
    warehouse = work / "warehouse.duckdb"
    shutil.copyfile(full, warehouse)
    _selected(target, warehouse)
    models = compiled_models(target)
    samples: dict[str, list[float]] = {"dbt": [], "direct": [], "dbt, empty raw tables": []}
    facts = 0
    for run in range(runs):
        print(f"models, run {run + 1} of {runs}", flush=True)
        shutil.copyfile(full, warehouse)
        samples["dbt"].append(dbt(["run", "--select", SELECTION], warehouse, target))
        dbt_rows = _counts(warehouse)
        shutil.copyfile(full, warehouse)
        samples["direct"].append(direct(models, warehouse))
        if _counts(warehouse) != dbt_rows:
            raise RuntimeError(f"direct SQL and dbt disagree: {_counts(warehouse)} != {dbt_rows}")
        facts = dbt_rows[0]
        shutil.copyfile(empty, warehouse)
        samples["dbt, empty raw tables"].append(
            dbt(["run", "--select", SELECTION], warehouse, target))
        print("  " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in samples.items()), flush=True)
    result = Result("models", f"The growth mart and the daily fact over {spaced(facts)} fact "
                    "rows", runs)
    result.stats += [Stat(f"{name}: {SELECTION}", "s", values)
                     for name, values in samples.items()]
    dbt_time, direct_time, fixed = (statistics.median(v) for v in samples.values())
    budget = 1.5 * direct_time + fixed
    result.ratios += [
        Ratio("dbt / direct SQL", dbt_time / direct_time),
        Ratio("(dbt - dbt's fixed cost) / direct SQL", (dbt_time - fixed) / direct_time,
              "<= 1.5", dbt_time <= budget, "dbt's fixed cost: the same run on empty tables"),
    ]
    result.notes += [
        f"{len(models)} models: staging views, the intermediate views, facts.fct_channel_daily "
        "and marts.campaign_growth. Both paths write the same tables (row counts checked).",
        dataset.DESCRIPTION,
    ]
    return result, analyst(runs, full, work)


def _counts(warehouse: Path) -> tuple[int, int]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        row = conn.execute("select (select count(*) from facts.fct_channel_daily), "
                           "(select count(*) from marts.campaign_growth)").fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


ANALYST_PARAMS = {"campaign_id": dataset.ANALYST_CAMPAIGN, "channel": "meta_ads",
                  "metric": "impressions"}


def analyst(runs: int, full: Path, work: Path) -> Result:
    """Every example query on the published snapshot of the whole dataset."""
    from pipelines.publish import publish_snapshot
    from pipelines.warehouse import Warehouse

    warehouse = work / "warehouse.duckdb"
    snapshot = work / "analytics.duckdb"
    shutil.copyfile(full, warehouse)
    dbt(["build"], warehouse, work / "target-build")
    publish_snapshot(Warehouse(warehouse), snapshot)
    timings: dict[str, list[float]] = {}
    with duckdb.connect(str(snapshot), read_only=True) as conn:
        for path in sorted(ANALYST_DIR.glob("*.sql")):
            text = path.read_text(encoding="utf-8")
            params = {k: v for k, v in ANALYST_PARAMS.items() if f"${k}" in text}
            conn.execute(text, params).fetchall()  # once to warm the file's pages
            timings[path.stem] = []
            for _ in range(max(runs, 1) * ANALYST_REPEATS // 5):
                started = time.perf_counter()
                conn.execute(text, params).fetchall()
                timings[path.stem].append((time.perf_counter() - started) * 1000)
    result = Result("analyst", "The analysts' example queries on the published snapshot",
                    runs)
    for name, values in timings.items():
        result.stats.append(Stat(f"sql/analyst/{name}.sql", "ms", values))
    every = [v for values in timings.values() for v in values]
    result.ratios.append(Ratio("worst latency of any query (ms)", max(every)))
    result.notes.append(f"Each query run {len(every) // len(timings)} times on one read-only "
                        "connection after one warm-up, parameters: "
                        + ", ".join(f"${k} = {v!r}" for k, v in ANALYST_PARAMS.items()) + ".")
    return result
