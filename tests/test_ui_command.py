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
from dagster_stack import free_port, processes, stack_env, wait_for

from pipelines.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow


def descendants(pid: int) -> set[int]:
    """Every process below `pid`."""
    parents = {p.pid: p.parent for p in processes()}
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        children = {p for p, parent in parents.items() if parent in frontier}
        frontier = children - found
        found |= children
    return found


def alive(pid: int) -> bool:
    return any(p.pid == pid and p.state != "Z" for p in processes())


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_ui_listens_on_loopback_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    port = free_port()
    env = stack_env(tmp_path, {"PULSE_UI_PORT": str(port)})
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
