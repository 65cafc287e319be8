from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT, Settings, SettingsError


def test_defaults_are_the_design_table() -> None:
    s = Settings.from_env({})
    assert s.warehouse == PROJECT_ROOT / "data/warehouse.duckdb"
    assert s.analytics == PROJECT_ROOT / "data/analytics.duckdb"
    assert s.campaigns == PROJECT_ROOT / "campaigns.yaml"
    assert s.inbox == PROJECT_ROOT / "data/inbox"
    assert s.timezone == "America/Toronto"
    assert not s.meta.enabled
    assert s.meta.graph_url == "https://graph.facebook.com"
    assert s.meta.page_metrics[0] == "page_media_view"
    assert s.lookback_days == {"meta_ads": 28, "facebook": 3, "instagram": 3, "mailchimp": 30}
    assert not s.mailchimp.enabled and s.mailchimp.api_url is None


def test_id_lists_strip_spaces_and_act_prefix(tmp_path: Path) -> None:
    s = Settings.from_env({
        "META_ACCESS_TOKEN": "tok-123456",
        "META_AD_ACCOUNT_IDS": " act_123, 456 ,",
        "META_GRAPH_URL": "http://127.0.0.1:9/",
        "PULSE_WAREHOUSE": str(tmp_path / "w.duckdb"),
    })
    assert s.meta.ad_account_ids == ("123", "456")
    assert s.meta.graph_url == "http://127.0.0.1:9"
    assert s.warehouse == tmp_path / "w.duckdb"
    assert s.secrets() == ("tok-123456",)
    assert "tok-123456" not in repr(s.meta)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"PULSE_TIMEZONE": "Mars/Olympus"}, "PULSE_TIMEZONE"),
        ({"META_PAGE_IDS": "12;34"}, "META_PAGE_IDS"),
        ({"META_ADS_LOOKBACK_DAYS": "four"}, "META_ADS_LOOKBACK_DAYS"),
        ({"META_PAGE_METRICS": "Page Views"}, "META_PAGE_METRICS"),
    ],
)
def test_a_wrong_setting_is_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(env)


def test_dotenv_is_read_and_environment_wins(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("PULSE_TIMEZONE=Europe/Paris\nMETA_PAGE_IDS=42\n")
    monkeypatch.setenv("PULSE_DOTENV", str(dotenv))
    monkeypatch.setenv("META_PAGE_IDS", "7")
    s = Settings.from_env()
    assert s.timezone == "Europe/Paris"
    assert s.meta.page_ids == ("7",)
