"""Landing daily ads insights: our path against dlt and against DuckDB's Arrow scan.

Every contender runs in a process of its own (`python -m benchmarks.landing CONTENDER
...`), so that its peak memory is its own, and prints one JSON line of measurements.
All of them read the same pages file (benchmarks/wire.py) and decode each page with
`json.loads`, as an SDK hands them over; what differs is what happens next:

- `ours`: the Meta connector's coercion (`connectors.meta.coerce.ads_batch`, one Arrow
  batch per page), then `Warehouse.land`: each account's window replaced in one
  transaction, as the ingestion asset does;
- `ours-rerun`: the same again over the warehouse `ours` left (a re-run or backfill);
- `dlt-default`, `dlt-parquet`: a dlt resource yielding the same decoded pages into
  dlt's duckdb destination, merge on (account_id, campaign_id, date_start), column
  types hinted as ours are; `actions` kept as a JSON column (dlt would otherwise unnest
  it into a child table: more work for dlt, so this is the kinder setting);
- `dlt-parquet-rerun`: the same merge again;
- `floor`: no parsing at all: the rows ours produced, as one Arrow table read from an
  IPC file, inserted with one `INSERT ... SELECT` over DuckDB's Arrow scan.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from benchmarks.common import DATA_DIR, Ratio, Result, Stat, fresh, run_json, spaced
from benchmarks.wire import FIRST_DAY, Shape, read_pages, write_pages

RUN_ID = "benchmark"
KEY = ("account_id", "campaign_id", "date")
CONTENDERS = ("ours", "ours-rerun", "dlt-default", "dlt-parquet", "dlt-parquet-rerun", "floor")


def peak_rss_mib() -> float:
    """The highest resident memory of this process and its finished children, in MiB
    (taken before the row checks, which are the benchmark's and not the landing's)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def ours(data: Path, work: Path, shape: Shape) -> dict[str, Any]:
    """Our path: coerce each page to Arrow, then land each account's window at once."""
    from connectors.meta.coerce import ADS_SCHEMA, ads_batch
    from pipelines.warehouse import Replacement, Warehouse

    warehouse = Warehouse(work / "warehouse.duckdb")
    started = time.perf_counter()
    batches: dict[str, list[pa.RecordBatch]] = defaultdict(list)
    for number, page in enumerate(read_pages(data)):
        account = page["data"][0]["account_id"]
        source = (f"GET /v23.0/act_{account}/insights?level=campaign&time_increment=1"
                  f" (page {number})")
        batches[account].append(ads_batch(page["data"], source, account))
    parsed = time.perf_counter()
    window = (FIRST_DAY, shape.last_day)
    replacements = [Replacement("meta_ads_insights", {"account_id": account},
                                pa.Table.from_batches(account_batches, schema=ADS_SCHEMA),
                                window)
                    for account, account_batches in batches.items()]
    result = warehouse.land(replacements, run_id=RUN_ID)
    landed = time.perf_counter()
    return {"seconds": landed - started, "parse_seconds": parsed - started,
            "land_seconds": landed - parsed, "rows": result.rows_inserted,
            "rows_replaced": result.rows_deleted, "peak_rss_mib": peak_rss_mib(),
            **table_facts(work / "warehouse.duckdb", "raw.meta_ads_insights", KEY)}


def floor(data: Path, work: Path) -> dict[str, Any]:
    """DuckDB's Arrow scan inserting the rows ours produced, with nothing else to do."""
    from pipelines.sqlfiles import raw_ddl

    table = pa.ipc.open_stream(pa.memory_map(str(arrow_file(data)))).read_all()
    path = work / "floor.duckdb"
    with duckdb.connect(str(path)) as conn:
        for statement in raw_ddl():
            conn.execute(statement)
        conn.register("landing_batch", table)
        started = time.perf_counter()
        conn.execute("insert into raw.meta_ads_insights by name "
                     "select *, $run_id as _run_id, now() as _loaded_at from landing_batch",
                     {"run_id": RUN_ID})
        conn.execute("checkpoint")
        seconds = time.perf_counter() - started
    peak = peak_rss_mib()
    return {"seconds": seconds, "land_seconds": seconds, "rows": table.num_rows,
            "peak_rss_mib": peak, **table_facts(path, "raw.meta_ads_insights", KEY)}


def arrow_file(data: Path) -> Path:
    """Our coerced rows beside the pages file, as an Arrow IPC stream (made once; the
    stream format, as each page's batch brings its own dictionary of requests)."""
    from connectors.meta.coerce import ADS_SCHEMA, ads_batch

    path = data.with_suffix(".arrow")
    if not path.exists():
        partial = path.with_suffix(".partial")
        with pa.OSFile(str(partial), "wb") as sink, pa.ipc.new_stream(sink, ADS_SCHEMA) as out:
            for number, page in enumerate(read_pages(data)):
                account = page["data"][0]["account_id"]
                out.write_batch(ads_batch(page["data"], f"page {number}", account))
        partial.rename(path)
    return path


# dlt's column types for the same fields as ours (dlt coerces the strings to them).
DLT_COLUMNS: dict[str, dict[str, Any]] = {
    "account_id": {"data_type": "text", "nullable": False},
    "campaign_id": {"data_type": "text", "nullable": False},
    "date_start": {"data_type": "date", "nullable": False},
    "impressions": {"data_type": "bigint"},
    "reach": {"data_type": "bigint"},
    "clicks": {"data_type": "bigint"},
    "inline_link_clicks": {"data_type": "bigint"},
    "spend": {"data_type": "decimal", "precision": 18, "scale": 2},
    "actions": {"data_type": "json"},
}


def dlt_land(data: Path, work: Path, file_format: str | None) -> dict[str, Any]:
    """dlt's duckdb destination merging the decoded pages on the same key."""
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    os.environ.setdefault("DLT_DATA_DIR", str(work / "dlt-data"))
    import dlt

    @dlt.resource(name="meta_ads_insights", write_disposition="merge",
                  primary_key=("account_id", "campaign_id", "date_start"),
                  columns=DLT_COLUMNS)
    def insights() -> Any:
        for page in read_pages(data):
            yield page["data"]

    db = work / "dlt.duckdb"
    pipeline = dlt.pipeline(pipeline_name="benchmark", pipelines_dir=str(work / "dlt"),
                            destination=dlt.destinations.duckdb(str(db)), dataset_name="raw")
    options = {"loader_file_format": file_format} if file_format else {}
    started = time.perf_counter()
    info = pipeline.run(insights(), **options)
    seconds = time.perf_counter() - started
    peak = peak_rss_mib()
    info.raise_on_failed_jobs()
    facts = table_facts(db, "raw.meta_ads_insights", ("account_id", "campaign_id", "date_start"))
    return {"seconds": seconds, "rows": facts["table_rows"], "peak_rss_mib": peak, **facts,
            "dlt": dlt.__version__, "file_format": file_format or "default"}


def table_facts(path: Path, table: str, key: tuple[str, ...]) -> dict[str, int]:
    """Rows in `table` and rows beyond one per key (0 when nothing is duplicated)."""
    columns = ", ".join(key)
    with duckdb.connect(str(path), read_only=True) as conn:
        rows, keys = conn.execute(
            f"select count(*), count(distinct ({columns})) from {table}"
        ).fetchone() or (0, 0)
    return {"table_rows": int(rows), "duplicate_keys": int(rows) - int(keys)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contender", choices=CONTENDERS)
    parser.add_argument("--data", type=Path, required=True, help="the pages file")
    parser.add_argument("--work", type=Path, required=True, help="a folder for the databases")
    parser.add_argument("--rows", type=int, required=True)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    shape = Shape.for_rows(args.rows)
    if args.contender in ("ours", "ours-rerun"):
        result = ours(args.data, args.work, shape)
    elif args.contender == "floor":
        result = floor(args.data, args.work)
    else:
        result = dlt_land(args.data, args.work,
                          None if args.contender == "dlt-default" else "parquet")
    print(json.dumps(result))
    return 0


# dlt's default loader (insert_values) grows with the rows it loads into DuckDB (about
# 2.9 GiB at 100 000 rows here, 1.6 GiB at 20 000): a million would not fit in this
# machine's memory, so it is measured on fewer rows and compared by rate.
DLT_DEFAULT_ROWS = 100_000


def benchmark(runs: int, rows: int) -> Result:
    """Every contender `runs` times over `rows` rows (dlt's defaults over fewer)."""
    default_rows = min(rows, DLT_DEFAULT_ROWS)
    data = write_pages(Shape.for_rows(rows), DATA_DIR / f"meta_ads_{rows}.jsonl")
    small = write_pages(Shape.for_rows(default_rows), DATA_DIR / f"meta_ads_{default_rows}.jsonl")
    arrow_file(data)
    answers: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def measure(contender: str, pages: Path, count: int, work: Path) -> None:
        answer = run_json(["-m", "benchmarks.landing", contender, "--data", str(pages),
                           "--work", str(work), "--rows", str(count)])
        if answer["duplicate_keys"] or answer["table_rows"] != count:
            raise RuntimeError(f"{contender} left {answer['table_rows']} rows, "
                               f"{answer['duplicate_keys']} duplicated keys: {answer}")
        answers[contender].append(answer)
        print(f"  landing {contender}: {answer['seconds']:.2f} s, "
              f"{answer['peak_rss_mib']:.0f} MiB", flush=True)

    for run in range(runs):
        print(f"landing, run {run + 1} of {runs}", flush=True)
        work = fresh(DATA_DIR / "work" / "landing")
        measure("ours", data, rows, work / "ours")
        measure("ours-rerun", data, rows, work / "ours")
        measure("floor", data, rows, work / "floor")
        measure("dlt-parquet", data, rows, work / "dlt-parquet")
        measure("dlt-parquet-rerun", data, rows, work / "dlt-parquet")
        measure("dlt-default", small, default_rows, work / "dlt-default")
    return _landing_result(runs, rows, default_rows, answers)


def _landing_result(runs: int, rows: int, default_rows: int,
                    answers: Mapping[str, list[dict[str, Any]]]) -> Result:
    result = Result("landing", f"Landing {spaced(rows)} Meta ads insight rows", runs)
    labels = {"ours": "ours: parse + land", "ours-rerun": "ours: re-run (replace)",
              "floor": "floor: Arrow scan insert", "dlt-parquet": "dlt, parquet",
              "dlt-parquet-rerun": "dlt, parquet: re-run (merge)",
              "dlt-default": f"dlt, defaults ({spaced(default_rows)} rows)"}
    for contender, label in labels.items():
        count = default_rows if contender == "dlt-default" else rows
        found = answers[contender]
        result.stats += [
            Stat(f"{label}: time", "s", [a["seconds"] for a in found]),
            Stat(f"{label}: rate", "rows/s", [count / a["seconds"] for a in found]),
            Stat(f"{label}: peak memory", "MiB", [a["peak_rss_mib"] for a in found]),
        ]
    result.stats += [
        Stat("ours: parse (JSON to Arrow)", "s", [a["parse_seconds"] for a in answers["ours"]]),
        Stat("ours: landing step", "s", [a["land_seconds"] for a in answers["ours"]]),
    ]

    def median(name: str) -> float:
        return result.stat(name).median

    ours_rate = median(f"{labels['ours']}: rate")
    vs_parquet = ours_rate / median(f"{labels['dlt-parquet']}: rate")
    vs_default = ours_rate / median(f"{labels['dlt-default']}: rate")
    land_share = median("floor: Arrow scan insert: time") / median("ours: landing step")
    peak = median(f"{labels['ours']}: peak memory")
    result.ratios += [
        Ratio("ours / dlt parquet (rows/s)", vs_parquet, ">= 4", vs_parquet >= 4),
        Ratio("ours / dlt defaults (rows/s)", vs_default, ">= 20", vs_default >= 20),
        Ratio("our landing step, share of the Arrow-scan rate", land_share, "", None,
              "floor time / our landing-step time"),
        Ratio("ours re-run / first run (time)",
              median(f"{labels['ours-rerun']}: time") / median(f"{labels['ours']}: time")),
        Ratio("ours, peak memory (MiB)", peak, "< 700", peak < 700),
    ]
    result.notes += [
        "Every contender reads the same pages file and decodes each page with json.loads "
        "(the SDK's decoding); that time is inside every contender's figure.",
        "Re-runs: every contender left exactly one row per key (checked after each run).",
        f"dlt's defaults (insert_values) are measured on {spaced(default_rows)} rows, where "
        f"they peaked at {median(labels['dlt-default'] + ': peak memory'):.0f} MiB: their "
        "memory grows with the rows loaded, so a million would not fit in this machine's "
        "memory; compared by rate.",
    ]
    return result


if __name__ == "__main__":
    sys.exit(main())
