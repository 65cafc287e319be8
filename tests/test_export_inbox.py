"""The inbox sensor after a failed run: real sensor ticks, real runs of the channel's step
on a real Dagster instance and warehouse. A run that failed for a reason retrying may
fix (here: another program holds the warehouse file) is retried, and its file still
lands later; a file that cannot be read is neither retried nor requested again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.defs.exports.assets import export_keys
from pipelines.defs.exports.sensors import MAX_ROUNDS, build_inbox_sensor
from pipelines.defs.landing import NO_RUN_RETRY_TAG
from pipelines.settings import Settings

CALLS = "Date;Indicateur;Valeur\n02/05/2022;calls;12\n03/05/2022;calls;7\n"
# Another program with the warehouse open for writing: DuckDB lets no other process in.
HOLD = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
        "sys.stdin.read()")


class Inbox:
    """The inbox, its sensor (asking again at once after a failed round) and the job."""

    def __init__(self, settings: Settings, instance: dg.DagsterInstance) -> None:
        self.settings, self.instance = settings, instance
        self.defs = build_definitions(settings)
        self.sensor = build_inbox_sensor(
            JOB_NAME, {ch: export_keys(ch) for ch in ("twitter", "tiktok", "calls")},
            retry_after=timedelta(0))
        self.cursor: str | None = None

    def drop(self, name: str, text: str) -> Path:
        path = self.settings.inbox / "calls" / name
        path.write_text(text, encoding="utf-8")
        past = time.time() - 60  # copied a minute ago: no longer being written
        os.utime(path, (past, past))
        return path

    def tick(self) -> dg.SensorExecutionData:
        data = self.sensor.evaluate_tick(dg.build_sensor_context(
            instance=self.instance, cursor=self.cursor, definitions=self.defs))
        self.cursor = data.cursor
        return data

    def run(self, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
        """The request run as the daemon runs it: its config, its tags, its assets."""
        return self.defs.resolve_job_def(JOB_NAME).execute_in_process(
            instance=self.instance, run_config=request.run_config, tags=request.tags,
            asset_selection=list(request.asset_selection or []), raise_on_error=False)

    def calls(self) -> list[tuple]:
        with duckdb.connect(str(self.settings.warehouse), read_only=True) as conn:
            return conn.execute("select date::varchar, value, _source from "
                                "raw.file_channel_daily order by date").fetchall()

    def stored(self, result: dg.ExecuteInProcessResult) -> dg.DagsterRun:
        run = self.instance.get_run_by_id(result.run_id)
        assert run is not None
        return run


class HeldWarehouse:
    """A second process with the warehouse file open for writing, until `release()`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout is not None and self.proc.stdout.readline() == b"open\n"

    def release(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def settings(calls_settings: Settings) -> Settings:
    (calls_settings.inbox / "calls").mkdir(parents=True)
    return calls_settings


@pytest.fixture
def held(settings: Settings) -> Iterator[HeldWarehouse]:
    holder = HeldWarehouse(settings.warehouse)
    try:
        yield holder
    finally:
        holder.release()


def retrying_instance() -> dg.DagsterInstance:
    """An instance with run retries on, as the project's dagster.yaml has them."""
    return dg.instance_for_test(overrides={"run_retries": {"enabled": True,
                                                           "max_retries": 0}})


def test_a_file_whose_runs_failed_for_a_passing_reason_lands_later(
        settings: Settings, held: HeldWarehouse) -> None:
    # Run retries off: as if Dagster's retries of the run had failed too.
    with dg.instance_for_test() as instance:
        inbox = Inbox(settings, instance)
        path = inbox.drop("appels.csv", CALLS)
        (first,) = inbox.tick().run_requests
        failed = inbox.run(first)
        assert not failed.success
        assert NO_RUN_RETRY_TAG not in inbox.stored(failed).tags
        held.release()
        (again,) = inbox.tick().run_requests
        assert again.run_key != first.run_key
        assert again.run_config == first.run_config
        assert inbox.run(again).success
        assert inbox.calls() == [("2022-05-02", 12.0, str(path)), ("2022-05-03", 7.0, str(path))]
        last = inbox.tick()
        assert last.run_requests == [] and last.skip_message == f"no new file in {settings.inbox}"


def test_while_dagster_retries_the_run_the_sensor_does_not_ask_again(
        settings: Settings, held: HeldWarehouse) -> None:
    with retrying_instance() as instance:
        inbox = Inbox(settings, instance)
        inbox.drop("appels.csv", CALLS)
        (request,) = inbox.tick().run_requests
        failed = inbox.run(request)
        # Dagster's daemon will run it again from the failure (the request's retry tags).
        assert inbox.stored(failed).is_complete_and_waiting_to_retry
        waiting = inbox.tick()
        assert waiting.run_requests == []
        assert waiting.skip_message == "1 earlier request(s) running or to be retried"
        held.release()
        # The daemon's retry: the same config and tags (it copies the failed run's).
        assert inbox.run(request).success
        done = inbox.tick()
        assert done.run_requests == [] and done.skip_message == (
            f"no new file in {settings.inbox}")
        assert [row[:2] for row in inbox.calls()] == [("2022-05-02", 12.0), ("2022-05-03", 7.0)]


def test_a_file_that_cannot_be_read_is_neither_retried_nor_asked_again(
        settings: Settings) -> None:
    with retrying_instance() as instance:
        inbox = Inbox(settings, instance)
        inbox.drop("notes.csv", "Jour;Remarque\n02/05/2022;rien\n")
        good = inbox.drop("appels.csv", CALLS)
        (request,) = inbox.tick().run_requests
        result = inbox.run(request)
        assert not result.success
        run = inbox.stored(result)
        assert run.tags[NO_RUN_RETRY_TAG] == "false"
        assert not run.is_complete_and_waiting_to_retry
        # The good file landed; the bad one waits for someone to fix it.
        assert {row[2] for row in inbox.calls()} == {str(good)}
        later = inbox.tick()
        assert later.run_requests == []
        assert later.skip_message == f"no new file in {settings.inbox}"


def test_the_sensor_gives_up_after_a_few_rounds_and_says_how_to_land_the_file(
        settings: Settings, held: HeldWarehouse, capfd: pytest.CaptureFixture[str]) -> None:
    with dg.instance_for_test() as instance:
        inbox = Inbox(settings, instance)
        path = inbox.drop("appels.csv", CALLS)
        for _ in range(MAX_ROUNDS):
            (request,) = inbox.tick().run_requests
            assert not inbox.run(request).success
        capfd.readouterr()
        final = inbox.tick()
    assert final.run_requests == []
    said = capfd.readouterr().err
    assert f"{path}: its landing failed in {MAX_ROUNDS} rounds of runs; the sensor gives " \
           "up on it" in said
    assert "`pulse import FILE --channel NAME`" in said
