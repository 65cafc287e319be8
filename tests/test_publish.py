import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.publish import PublishError, publish_snapshot
from pipelines.warehouse import Warehouse


def build(wh: Warehouse, value: int) -> None:
    with wh.writer() as conn:
        conn.execute("create schema if not exists marts")
        conn.execute("create or replace table marts.campaign_growth as "
                     "select 'c' as campaign_id, $v::double as current_value", {"v": value})


def read_in_new_process(snap: Path) -> str:
    code = ("import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('select current_value from marts.campaign_growth').fetchone()[0])")
    return subprocess.run([sys.executable, "-c", code, str(snap)], check=True,
                          capture_output=True, text=True).stdout.strip()


def test_an_open_analyst_connection_keeps_its_view_and_a_new_one_sees_the_new(
        tmp_path: Path) -> None:
    wh, snap = Warehouse(tmp_path / "w.duckdb"), tmp_path / "analytics.duckdb"
    build(wh, 1)
    publish_snapshot(wh, snap)
    analyst = duckdb.connect(str(snap), read_only=True)
    try:
        build(wh, 2)  # the pipeline writes while the analyst's connection is open
        published = publish_snapshot(wh, snap)
        assert published.growth_rows == 1
        old = analyst.execute("select current_value from marts.campaign_growth").fetchone()
        assert old == (1.0,)
        # A new analyst process (DuckDB shares one open database per path within a
        # process, so "new" has to mean another process, as it does for analysts).
        assert read_in_new_process(snap) == "2.0"
    finally:
        analyst.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_a_warehouse_without_the_mart_is_not_published(tmp_path: Path) -> None:
    wh, snap = Warehouse(tmp_path / "w.duckdb"), tmp_path / "analytics.duckdb"
    build(wh, 1)
    publish_snapshot(wh, snap)
    with wh.writer() as conn:
        conn.execute("drop table marts.campaign_growth")
    with pytest.raises(PublishError, match="previous snapshot stays"):
        publish_snapshot(wh, snap)
    with duckdb.connect(str(snap), read_only=True) as conn:
        assert conn.execute("select current_value from marts.campaign_growth").fetchone() == (1.0,)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
