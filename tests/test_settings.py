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
    assert s.lookback_days == {"meta_ads": 28, "facebook": 3, "instagram": 3, "google_ads": 14,
                               "mailchimp": 30}
    assert not s.google_ads.enabled
    assert s.google_ads.endpoint == "googleads.googleapis.com:443"
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
        ({"GOOGLE_ADS_CUSTOMER_IDS": "123-456-789"}, "GOOGLE_ADS_CUSTOMER_IDS"),
        ({"GOOGLE_ADS_LOGIN_CUSTOMER_ID": "manager"}, "GOOGLE_ADS_LOGIN_CUSTOMER_ID"),
        ({"GOOGLE_ADS_ENDPOINT": "https://googleads.googleapis.com"}, "GOOGLE_ADS_ENDPOINT"),
        ({"GOOGLE_ADS_ENDPOINT": "127.0.0.1:port"}, "GOOGLE_ADS_ENDPOINT"),
        ({"GOOGLE_ADS_LOOKBACK_DAYS": "-1"}, "GOOGLE_ADS_LOOKBACK_DAYS"),
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


def test_google_ads_settings_take_the_ui_forms_and_hide_secrets() -> None:
    s = Settings.from_env({
        "GOOGLE_ADS_DEVELOPER_TOKEN": "dev-token-0123",
        "GOOGLE_ADS_CUSTOMER_IDS": "123-456-7890, 2345678901",
        "GOOGLE_ADS_LOGIN_CUSTOMER_ID": "999-000-1111",
        "GOOGLE_ADS_CLIENT_SECRET": "client-secret-4567",
        "GOOGLE_ADS_REFRESH_TOKEN": "1//refresh-8910",
        "GOOGLE_ADS_ENDPOINT": "127.0.0.1:8711",
        "GOOGLE_ADS_LOOKBACK_DAYS": "30",
    })
    g = s.google_ads
    assert g.enabled and g.customer_ids == ("1234567890", "2345678901")
    assert g.login_customer_id == "9990001111" and g.endpoint == "127.0.0.1:8711"
    assert s.lookback_days["google_ads"] == 30
    assert set(s.secrets()) == {"dev-token-0123", "client-secret-4567", "1//refresh-8910"}
    assert not any(secret in repr(s) for secret in s.secrets())
