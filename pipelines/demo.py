"""`make demo`: the whole pipeline over the sample campaigns, against the sandbox.

Starts the sandbox, runs every channel through Dagster over the sample campaigns'
windows (with their previous periods and baselines), publishes the snapshot, prints
each sample campaign's growth and writes the help-line campaign's report.
"""

from __future__ import annotations

import os
import sys
import time

from connectors.windows import DateWindow
from pipelines.growth import growth_table, read_growth
from pipelines.registry import Registry, load_registry
from pipelines.report.render import default_path, write_report
from pipelines.runner import run_window
from pipelines.sandbox_env import running_sandbox
from pipelines.settings import Settings

# The sample campaign whose report the demo writes: the help line of the field reports.
REPORT_CAMPAIGN = "helpline-2022"


def demo_window(registry: Registry) -> DateWindow:
    """From the earliest compared day (baseline or previous period) to the last end."""
    starts = [(c.baseline_window or c.previous_window).start for c in registry.campaigns]
    starts += [c.previous_window.start for c in registry.campaigns]
    return DateWindow(min(starts), max(c.end for c in registry.campaigns))


def main() -> int:
    started = time.monotonic()
    with running_sandbox() as env:
        os.environ.update(env)
        settings = Settings.from_env()
        registry = load_registry(settings.campaigns)
        window = demo_window(registry)
        print(f"campaign-pulse demo: {len(registry.campaigns)} sample campaigns, "
              f"pipeline over {window} against the sandbox", flush=True)
        outcome = run_window(window)
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
    written = write_report(settings.analytics, REPORT_CAMPAIGN, "fr",
                           default_path(settings.analytics, REPORT_CAMPAIGN, "fr"))
    print(f"report of {REPORT_CAMPAIGN} written in {written.seconds:.2f} s: {written.path}")
    print(f"demo done in {time.monotonic() - started:.0f} s")
    return 0 if outcome.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
