"""`make demo`: the whole pipeline over the sample campaigns, against the sandbox.

Starts the sandbox, drops the sample export files (X, TikTok, the help line's call log)
in the inbox, runs every channel through Dagster over the sample campaigns' windows
(with their previous periods and baselines; the file channels land the inbox's files in
the same runs), publishes the snapshot, prints each sample campaign's growth and writes
the help-line campaign's report.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

from connectors.sandbox.sample_exports import EXPORTS_DIR
from connectors.windows import DateWindow
from pipelines.cli import print_outcome
from pipelines.growth import growth_table
from pipelines.registry import Registry, load_registry
from pipelines.report.data import read_figures
from pipelines.report.render import default_path, write_report
from pipelines.runner import run_windows
from pipelines.sandbox_env import running_sandbox
from pipelines.settings import Settings

# The sample campaign whose report the demo writes: the help line of the field reports.
REPORT_CAMPAIGN = "helpline-2022"


def demo_windows(registry: Registry) -> list[DateWindow]:
    """Each campaign's compared days (baseline or previous period, to its end), with
    overlapping spans merged: the days the growth mart needs, and no others."""
    spans = sorted((DateWindow(min(w.start for w in (c.baseline_window, c.previous_window) if w),
                               c.end) for c in registry.campaigns), key=lambda w: w.start)
    merged: list[DateWindow] = []
    for span in spans:
        if merged and span.start <= merged[-1].end + timedelta(days=1):
            merged[-1] = DateWindow(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def drop_sample_exports(inbox: Path) -> list[Path]:
    """Copy the sample export files into the inbox, one folder per channel (a file
    already there is left alone: its content has landed before and would land nothing)."""
    dropped = []
    for source in sorted(EXPORTS_DIR.glob("*/*")):
        target = inbox / source.parent.name / source.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        dropped.append(target)
    return dropped


@contextmanager
def output_to(log: Path) -> Iterator[None]:
    """This process's output, and that of every process it starts (the runs' step
    processes, dbt), written to `log` rather than to the terminal: file descriptors 1 and
    2 and Python's sys.stdout and sys.stderr, line by line in order. The terminal gets
    them back afterwards, whatever happened."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        with log.open("w", buffering=1, encoding="utf-8") as out, \
                redirect_stdout(out), redirect_stderr(out):
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def main() -> int:
    started = time.monotonic()
    with running_sandbox() as env:
        os.environ.update(env)
        settings = Settings.from_env()
        registry = load_registry(settings.campaigns)
        windows = demo_windows(registry)
        dropped = drop_sample_exports(settings.inbox)
        print(f"campaign-pulse demo: {len(registry.campaigns)} sample campaigns, pipeline "
              f"over {', '.join(map(str, windows))} against the sandbox, {len(dropped)} "
              f"export files in {settings.inbox}", flush=True)
        log = settings.analytics.parent / "logs" / "demo.log"
        print(f"the runs' logs (Dagster's and dbt's): {log}", flush=True)
        with output_to(log):
            outcome = run_windows(windows)
    status = print_outcome(outcome, settings)
    if not outcome.models_built:
        print("the models were not built; see the failures above", file=sys.stderr)
        return 1
    for campaign in registry.campaigns:
        print(f"\n{campaign.name} ({campaign.id}): {campaign.window} "
              f"vs période précédente {campaign.previous_window}")
        print(growth_table(read_figures(settings.analytics, campaign.id)))
    print(f"\nsnapshot for analysts: {settings.analytics}")
    written = write_report(settings.analytics, REPORT_CAMPAIGN, "fr",
                           default_path(settings.analytics, REPORT_CAMPAIGN, "fr"))
    print(f"report of {REPORT_CAMPAIGN} written in {written.seconds:.2f} s: {written.path}")
    print(f"demo done in {time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
