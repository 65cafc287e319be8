"""File channels in the code location: groups beside the API channels, generic channels
found in the registry and the inbox, the inbox sensor's runs; the committed sample files."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import dagster as dg
import pytest
import yaml

from connectors.exports import read_export
from connectors.sandbox import sample_exports
from pipelines.definitions import build_definitions
from pipelines.defs.schedules import RUN_RETRY_TAGS
from pipelines.settings import Settings


@pytest.fixture
def settings(isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    registry = {"campaigns": [{"id": "c", "name": "C", "start": "2022-04-25",
                               "end": "2022-05-28",
                               "channels": {"calls": "account", "twitter": "account"}}]}
    (tmp_path / "campaigns.yaml").write_text(yaml.safe_dump(registry))
    for folder in ("radio", "tiktok", "Not A Channel", "facebook"):
        (tmp_path / "inbox" / folder).mkdir(parents=True)
    # The sensor reads its settings when it runs, from the environment.
    monkeypatch.setenv("PULSE_CAMPAIGNS", str(tmp_path / "campaigns.yaml"))
    monkeypatch.setenv("PULSE_INBOX", str(tmp_path / "inbox"))
    return Settings.from_env()


def test_file_channels_are_groups_like_the_api_channels(settings: Settings) -> None:
    graph = build_definitions(settings).resolve_asset_graph()
    groups = {k.to_user_string(): graph.get(k).group_name
              for k in graph.materializable_asset_keys if k.path[0] == "raw"}
    assert {k: g for k, g in groups.items() if g in ("twitter", "tiktok", "calls", "radio")
            } == {"raw/twitter_posts": "twitter", "raw/twitter_daily": "twitter",
                  "raw/tiktok_daily": "tiktok", "raw/tiktok_videos": "tiktok",
                  "raw/files/calls": "calls", "raw/files/radio": "radio"}
    # Not a channel name, or an API channel's: no asset.
    assert not any("facebook" in k or "Not" in k for k in groups if k.startswith("raw/files"))
    shared = graph.get(dg.AssetKey(["raw", "file_channel_daily"]))
    assert not shared.is_materializable
    assert {p.to_user_string() for p in shared.parent_keys} == {"raw/files/calls",
                                                                "raw/files/radio"}
    staging = graph.get(dg.AssetKey(["staging", "stg_files__channel_daily"]))
    assert {p.to_user_string() for p in staging.parent_keys} == {"raw/file_channel_daily"}


def test_the_inbox_sensor_asks_one_run_per_channel_with_its_files(settings: Settings,
                                                                   tmp_path: Path) -> None:
    defs = build_definitions(settings)
    old = time.time() - 60
    files = [settings.inbox / "radio" / "spots.csv", settings.inbox / "radio" / "~$spots.csv",
             settings.inbox / "tiktok" / "Overview.csv", settings.inbox / "calls" / "a.csv"]
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
        os.utime(path, (old, old))
    (settings.inbox / "print").mkdir()  # created after the code location loaded
    sensor = defs.resolve_sensor_def("inbox_files")
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, definitions=defs)
        tick = sensor.evaluate_tick(context)
        requests = {r.tags["pulse/channel"]: r for r in tick.run_requests}
        assert set(requests) == {"calls", "radio", "tiktok"}
        radio = requests["radio"]
        assert radio.run_config == {"ops": {"radio_exports": {"config": {
            "files": [str(settings.inbox / "radio" / "spots.csv")]}}}}
        assert [k.to_user_string() for k in radio.asset_selection or []] == ["raw/files/radio"]
        assert {k.to_user_string() for k in requests["tiktok"].asset_selection or []} == {
            "raw/tiktok_daily", "raw/tiktok_videos"}
        assert "folder:print" in json.loads(tick.cursor or "{}")["seen"]
        # Retried like the nightly runs, when a retry can help (tests/test_export_inbox.py).
        assert {k: radio.tags[k] for k in RUN_RETRY_TAGS} == {
            "dagster/max_retries": "2", "dagster/retry_strategy": "FROM_FAILURE"}
        # The same files are not asked for twice; a changed file is.
        again = sensor.evaluate_tick(dg.build_sensor_context(
            instance=instance, cursor=tick.cursor, definitions=defs))
        assert again.run_requests == [] and again.skip_message
        files[0].write_text("changed")
        os.utime(files[0], (old + 1, old + 1))
        changed = sensor.evaluate_tick(dg.build_sensor_context(
            instance=instance, cursor=tick.cursor, definitions=defs))
        assert [r.tags["pulse/channel"] for r in changed.run_requests] == ["radio"]


def test_the_committed_sample_exports_are_what_the_generator_writes(tmp_path: Path) -> None:
    expected = {**sample_exports.files(),
                sample_exports.CONTENT_XLSX: sample_exports.content_xlsx()}
    for relative, content in expected.items():
        assert (sample_exports.EXPORTS_DIR / relative).read_bytes() == content, relative
    committed = sample_exports.EXPORTS_DIR / sample_exports.CONTENT_XLSX
    videos = read_export(committed, "tiktok", timezone="America/Toronto")
    assert videos.tables["tiktok_videos"].column("views").to_pylist() == [
        views for _, views in sample_exports.TIKTOK_VIDEOS]
    assert sum(videos.tables["tiktok_videos"].column("views").to_pylist()) == 1_594
