"""The `pulse` command: run a window through Dagster, land an export file, write a
campaign's report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from connectors.windows import DateWindow
from pipelines.defs.channels import CHANNELS, UnknownChannelError
from pipelines.exports import describe
from pipelines.formatting import number
from pipelines.inbox import ChannelNameError
from pipelines.registry import RegistryError, load_registry
from pipelines.report.data import ReportError, SnapshotMissingError, known_campaigns
from pipelines.report.labels import Labels
from pipelines.report.render import default_path, summary, write_report
from pipelines.settings import Settings, SettingsError

if TYPE_CHECKING:
    from pipelines.runner import RunOutcome


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pulse", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest a date range, rebuild the models, publish")
    run.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE")
    run.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE")
    run.add_argument("--channel", action="append", default=[], metavar="NAME",
                     help=f"one of {', '.join(CHANNELS)}, or a file channel (twitter, "
                          "tiktok, calls...: lands its new inbox files); repeatable; all "
                          "by default")
    imp = sub.add_parser("import", help="land one export file now, rebuild the models, "
                                        "publish")
    imp.add_argument("file", type=Path, metavar="FILE", help="a CSV or XLSX export file")
    imp.add_argument("--channel", required=True, metavar="NAME",
                     help="twitter, tiktok, or the channel of a generic channel file "
                          "(calls, print, radio...)")
    report = sub.add_parser("report", help="write a campaign's report (HTML) and summarize it")
    report.add_argument("--campaign", metavar="ID", help="a campaign id (all when omitted)")
    report.add_argument("--lang", choices=("fr", "en"), default="fr")
    report.add_argument("--out", type=Path, metavar="FILE.html",
                        help="where to write it (default: reports/ID-LANG.html beside the "
                             "snapshot)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "import":
            return _import(args)
        return _report(args)
    except (SettingsError, RegistryError, UnknownChannelError, SnapshotMissingError,
            ReportError, ChannelNameError) as exc:
        print(f"pulse: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from pipelines.runner import run_window

    if args.end < args.start:
        raise SettingsError(f"--to {args.end} is before --from {args.start}")
    settings = Settings.from_env()
    load_registry(settings.campaigns)  # fail before any run on a malformed registry
    # A wrong channel setting fails that channel's assets only (in the run, where the
    # UI shows it too): say so before the run, which still lands the other channels.
    for channel in args.channel or CHANNELS:
        if (problem := settings.misconfigured(channel)) is not None:
            print(f"pulse: {channel} is misconfigured, so it will fail (other channels "
                  f"are not affected): {problem}", file=sys.stderr)
    outcome = run_window(DateWindow(args.start, args.end), args.channel)
    return print_outcome(outcome, settings)


def _import(args: argparse.Namespace) -> int:
    from pipelines.runner import import_file

    if not args.file.is_file():
        raise SettingsError(f"{args.file} is not a file")
    settings = Settings.from_env()
    load_registry(settings.campaigns)  # fail before any run on a malformed registry
    outcome = import_file(args.file, args.channel)
    if outcome.success and not outcome.file_dates():
        print("  nothing new landed: the models and the snapshot are unchanged")
    return print_outcome(outcome, settings)


def print_outcome(outcome: RunOutcome, settings: Settings) -> int:
    """What the runs landed, skipped and rejected, their failures, and the snapshot;
    the exit status."""
    for key, rows in sorted(outcome.landed.items()):
        print(f"  {key}: {rows} rows landed")
    for key, reason in sorted(outcome.skipped.items()):
        print(f"  {key}: skipped ({reason})")
    for _, file in sorted(outcome.files.items()):
        print(f"  file {describe(file)}")
        for rejection in file.get("rejections", []):
            print(f"    rejected {rejection}")
        if file.get("rows_rejected", 0) > len(file.get("rejections", [])):
            print("    (every rejected row is in raw.export_rejected_rows)")
    for failure in outcome.failures:
        print(f"  FAILED {failure}", file=sys.stderr)
    state = "succeeded" if outcome.success else "failed"
    published = "published" if outcome.models_built else "NOT published"
    print(f"runs {', '.join(outcome.run_ids)} {state}; snapshot {published}: "
          f"{settings.analytics}")
    return 0 if outcome.success else 1


def _report(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    # the report reads the published snapshot only, never the registry file
    ids = [args.campaign] if args.campaign else known_campaigns(settings.analytics)
    if args.out and len(ids) > 1:
        raise SettingsError("--out names one file: give --campaign ID with it")
    labels = Labels(args.lang)
    for campaign_id in ids:
        out = args.out or default_path(settings.analytics, campaign_id, args.lang)
        written = write_report(settings.analytics, campaign_id, args.lang, out)
        print(summary(written.data, args.lang))
        print(labels.text("summary_written", lang=args.lang, path=written.path,
                          seconds=number(written.seconds, args.lang, 2)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
