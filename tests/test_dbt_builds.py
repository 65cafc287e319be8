"""Each dbt build's artifacts in a folder of their own, the last few kept."""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.defs.dbt.assets import build_target


def test_a_build_gets_a_new_folder_and_only_the_latest_builds_stay(tmp_path: Path) -> None:
    builds = tmp_path / "builds"
    builds.mkdir()
    for age in range(7):  # build-0 is the oldest
        folder = builds / f"build-{age}"
        (folder / "logs").mkdir(parents=True)
        (folder / "run_results.json").write_text("{}")
        os.utime(folder, (1_000_000 + age, 1_000_000 + age))
    (builds / "partial_parse.msgpack").write_bytes(b"")  # not a build: left alone
    target = build_target("0123456789abcdef", builds, keep=5)
    assert not target.exists() and target.parent == builds
    assert target.name.startswith("01234567-")
    assert sorted(p.name for p in builds.iterdir()) == [
        "build-3", "build-4", "build-5", "build-6", "partial_parse.msgpack"]
    assert build_target("0123456789abcdef", builds, keep=5) != target


def test_the_first_build_makes_the_folder(tmp_path: Path) -> None:
    target = build_target("run", tmp_path / "target" / "builds")
    assert target.parent.is_dir() and list(target.parent.iterdir()) == []
