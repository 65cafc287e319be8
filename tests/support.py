"""Helpers the test modules share: an environment without outside settings, a sleep
that records instead of waiting, and reading a DuckDB file (the warehouse or the
published snapshot) read-only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import pytest

# Variables a developer's shell or .env may carry: no test may see them.
OUR_VARIABLES = ("PULSE_", "META_", "GOOGLE_ADS_", "MAILCHIMP_", "DAGSTER_HOME")


def isolate(mp: pytest.MonkeyPatch, folder: Path) -> None:
    """No setting from outside; the warehouse and the snapshot in `folder`."""
    for name in list(os.environ):
        if name.startswith(OUR_VARIABLES):
            mp.delenv(name)
    mp.setenv("PULSE_DOTENV", str(folder / "no.env"))
    mp.setenv("PULSE_WAREHOUSE", str(folder / "warehouse.duckdb"))
    mp.setenv("PULSE_ANALYTICS", str(folder / "analytics.duckdb"))


class Sleeper:
    """Records every wait instead of waiting (pass it as a connector's ``sleep=``)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def query(path: Path, sql: str, params: list[object] | None = None) -> list[tuple[Any, ...]]:
    """The rows of one query on a DuckDB file opened read-only (and closed after)."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return conn.execute(sql, params or []).fetchall()
    finally:
        conn.close()


def growth_row(snapshot: Path, campaign: str, channel: str, metric: str,
               columns: str) -> tuple[Any, ...]:
    """The `columns` of the one marts.campaign_growth row of (campaign, channel, metric)."""
    rows = query(snapshot, f"select {columns} from marts.campaign_growth "
                           "where campaign_id = ? and channel = ? and metric = ?",
                 [campaign, channel, metric])
    assert len(rows) == 1, (campaign, channel, metric, rows)
    return rows[0]
