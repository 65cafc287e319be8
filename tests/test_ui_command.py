"""`make ui`: the webserver and the daemon on 127.0.0.1 over the sandbox, and Ctrl-C
stops every process it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from dagster_stack import dagster_home, free_port, wait_for

from pipelines.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow
OURS = ("PULSE_", "META_", "GOOGLE_ADS_", "MAILCHIMP_", "DAGSTER_")


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces: the fields after its closing paren.
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        children = {p for p, parent in parents.items() if parent in frontier}
        frontier = children - found
        found |= children
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_ui_listens_on_loopback_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env.update({
        "PULSE_UI_PORT": str(port),
        "PULSE_DOTENV": str(tmp_path / "no.env"),
        "PULSE_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
        "PULSE_ANALYTICS": str(tmp_path / "analytics.duckdb"),
        "DAGSTER_HOME": str(dagster_home(tmp_path / "dagster_home")),
    })
    log = tmp_path / "ui.log"
    with open(log, "wb") as out:
        ui = subprocess.Popen([sys.executable, "-m", "pipelines.ui"],
                              cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        wait_for("the UI to listen", lambda: True if listening(port) else None, 120)
        children = descendants(ui.pid)
        assert len(children) >= 3  # sandbox, webserver, daemon (and their helpers)
        text = log.read_text()
        assert f"http://127.0.0.1:{port}" in text and "sandbox" in text
        # Only on loopback: the machine's other addresses do not answer.
        with open("/proc/net/tcp") as table:
            listeners = [line.split()[1] for line in table.readlines()[1:]
                         if line.split()[3] == "0A"]
        assert f"0100007F:{port:04X}" in listeners
        assert f"00000000:{port:04X}" not in listeners

        os.killpg(ui.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's group
        assert ui.wait(60) == 0
        wait_for("every child to exit",
                 lambda: True if not [p for p in children if alive(p)] else None, 30)
        assert not listening(port)
    finally:
        if ui.poll() is None:
            os.killpg(ui.pid, signal.SIGKILL)
            ui.wait()
