"""The dbt command line for a run: pure, so it is unit-tested without running dbt."""

from __future__ import annotations

import json

from connectors.windows import DateWindow


def dbt_build_args(window: DateWindow | None) -> list[str]:
    """`dbt build` over a run's days: the fact table's incremental window comes from
    the vars; marts are rebuilt whole (they compare windows, so any day can move them)."""
    args = ["build"]
    if window is not None:
        args += ["--vars", json.dumps({"min_date": window.start.isoformat(),
                                       "max_date": window.end.isoformat()}, sort_keys=True)]
    return args


def dbt_environment(warehouse: str) -> dict[str, str]:
    """What dbt needs from the environment: the warehouse path, and no phoning home."""
    return {
        "PULSE_WAREHOUSE": warehouse,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
