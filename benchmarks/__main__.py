"""`make bench`: python -m benchmarks [NAME ...] [--runs N] [--rows N].

Runs the named benchmarks (all by default), saves each one's result in
benchmarks/results/ and rewrites the results table of benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from benchmarks import landing, models, operations
from benchmarks.common import Result
from benchmarks.report import render

BENCHMARKS: dict[str, Callable[[argparse.Namespace], Result | tuple[Result, ...]]] = {
    "landing": lambda args: landing.benchmark(args.runs, args.rows),
    "nightly": lambda args: operations.nightly(args.runs),
    "backfill": lambda args: operations.backfill(args.runs),
    "models": lambda args: models.benchmark(args.runs),
}


def _results(got: Result | tuple[Result, ...]) -> tuple[Result, ...]:
    return got if isinstance(got, tuple) else (got,)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], metavar="NAME",
                        help=f"which to run: {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions (default 5)")
    parser.add_argument("--rows", type=int, default=1_000_000,
                        help="rows landed by the landing benchmark (default 1 000 000)")
    args = parser.parse_args(argv)
    for name in args.names or list(BENCHMARKS):
        # The models benchmark also measures the analysts' queries on what it built.
        for result in _results(BENCHMARKS[name](args)):
            print(f"{result.name}: saved {result.save()}", flush=True)
    print(f"results table: {render()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
