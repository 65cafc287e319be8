"""`make demo` sends the runs' output (Dagster's, dbt's, the step processes') to a log
file and keeps the terminal for what landed and the growth."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.demo import output_to


def test_the_runs_output_goes_to_the_log_and_the_terminal_comes_back(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "logs" / "demo.log"
    print("before")
    with output_to(log):
        print("from this process")
        print("an error line", file=sys.stderr)
        subprocess.run([sys.executable, "-c", "import sys; print('from a child'); "
                        "print('child error', file=sys.stderr)"], check=True)
    print("after")
    captured = capfd.readouterr()
    assert captured.out.splitlines() == ["before", "after"]
    assert captured.err == ""
    assert log.read_text().splitlines() == [
        "from this process", "an error line", "from a child", "child error"]


def test_the_terminal_comes_back_when_the_run_raises(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "demo.log"
    with pytest.raises(RuntimeError), output_to(log):
        print("partial")
        raise RuntimeError("the run broke")
    print("still here")
    assert capfd.readouterr().out == "still here\n"
    assert log.read_text() == "partial\n"
