"""What every benchmark shares: where data and results live, running a measured child
process, medians, the machine, and the result file each benchmark writes."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from pipelines.defs.dbt.command import dbt_environment

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
DBT_DIR = PROJECT_ROOT / "dbt_project"
# Generated data (large, never committed) and the latest results (small, committed).
DATA_DIR = BENCH_DIR / ".data"
RESULTS_DIR = BENCH_DIR / "results"


@dataclass
class Stat:
    """One measure over repeated runs."""

    name: str
    unit: str
    values: list[float]
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)


@dataclass
class Ratio:
    """A claim: `name` = `value` (from medians), against a target when there is one."""

    name: str
    value: float
    target: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Result:
    """What one benchmark measured, as written to results/<name>.json."""

    name: str
    title: str
    runs: int
    stats: list[Stat] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    when: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))

    def stat(self, name: str) -> Stat:
        return next(s for s in self.stats if s.name == name)

    def save(self) -> Path:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path = RESULTS_DIR / f"{self.name}.json"
        payload = {**asdict(self), "machine": machine()}
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        return path


def run_json(args: Sequence[str], *, env: Mapping[str, str] | None = None,
             timeout: float | None = None) -> dict[str, Any]:
    """Run `python -m ...args` from the project root; its last stdout line is JSON."""
    done = subprocess.run(
        [sys.executable, *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n"
                           f"{done.stderr[-4000:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args)} printed no result:\n{done.stdout[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def dbt_process(args: Sequence[str], warehouse: Path,
                target: Path) -> subprocess.CompletedProcess[str]:
    """The project's dbt over `warehouse`, in the pipeline's dbt environment, with its own
    target folder; its output kept; an error when it fails."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), *args, "--project-dir", str(DBT_DIR),
         "--profiles-dir", str(DBT_DIR), "--target-path", str(target)], cwd=PROJECT_ROOT,
        env={**os.environ, **dbt_environment(str(warehouse))}, capture_output=True, text=True,
        check=False)
    if done.returncode:
        raise RuntimeError(f"dbt {' '.join(args)} failed:\n{done.stdout[-4000:]}")
    return done


def dbt(args: Sequence[str], warehouse: Path, target: Path) -> float:
    """Run the project's dbt over `warehouse` (its own target folder); its wall time."""
    started = time.perf_counter()
    dbt_process(args, warehouse, target)
    return time.perf_counter() - started


def spaced(count: int) -> str:
    """1000000 as "1 000 000"."""
    return f"{count:,}".replace(",", " ")


def fresh(path: Path) -> Path:
    """An empty folder at `path`."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def machine() -> dict[str, Any]:
    """The machine and the versions the numbers were measured with."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory_gib, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": {name: _version(name) for name in (
            "duckdb", "pyarrow", "dagster", "dbt-core", "dbt-duckdb", "dlt",
            "facebook-business")},
    }
