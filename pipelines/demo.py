"""`make demo`: the whole pipeline over the sample campaigns, against the sandbox.

Starts the sandbox, drops the sample export files (X, TikTok, the help line's call log)
in the inbox, runs every channel through Dagster over the sample campaigns' windows
(with their previous periods and baselines; the file channels land the inbox's files in
the same run), publishes the snapshot and prints each sample campaign's growth.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from connectors.sandbox.sample_exports import EXPORTS_DIR
from connectors.windows import DateWindow
from pipelines.exports import describe
from pipelines.growth import growth_table, read_growth
from pipelines.registry import Registry, load_registry
from pipelines.runner import run_window
from pipelines.sandbox_env import running_sandbox
from pipelines.settings import Settings


def demo_window(registry: Registry) -> DateWindow:
    """From the earliest compared day (baseline or previous period) to the last end."""
    starts = [(c.baseline_window or c.previous_window).start for c in registry.campaigns]
    starts += [c.previous_window.start for c in registry.campaigns]
    return DateWindow(min(starts), max(c.end for c in registry.campaigns))


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


def main() -> int:
    started = time.monotonic()
    with running_sandbox() as env:
        os.environ.update(env)
        settings = Settings.from_env()
        registry = load_registry(settings.campaigns)
        window = demo_window(registry)
        dropped = drop_sample_exports(settings.inbox)
        print(f"campaign-pulse demo: {len(registry.campaigns)} sample campaigns, "
              f"pipeline over {window} against the sandbox, {len(dropped)} export files "
              f"in {settings.inbox}", flush=True)
        outcome = run_window(window)
    for file in outcome.files.values():
        print(f"  {describe(file)}")
    for failure in outcome.failures:
        print(f"FAILED {failure}", file=sys.stderr)
    if not outcome.models_built:
        print("the models were not built; see the failures above", file=sys.stderr)
        return 1
    for campaign in registry.campaigns:
        print(f"\n{campaign.name} ({campaign.id}): {campaign.window} "
              f"vs période précédente {campaign.previous_window}")
        print(growth_table(read_growth(settings.analytics, campaign.id)))
    print(f"\nsnapshot for analysts: {settings.analytics}")
    print(f"demo done in {time.monotonic() - started:.0f} s")
    return 0 if outcome.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
