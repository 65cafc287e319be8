from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT, Settings, SettingsError

DEFAULT_LOOKBACK = {"meta_ads": 28, "facebook": 3, "instagram": 3, "google_ads": 14,
                    "mailchimp": 30}


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
    assert s.lookback_days == DEFAULT_LOOKBACK
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
    assert s.meta.app_secret is None


def test_the_meta_app_secret_is_read_and_hidden() -> None:
    s = Settings.from_env({"META_ACCESS_TOKEN": "tok-123456", "META_APP_SECRET": " app-5ecret "})
    assert s.meta.app_secret == "app-5ecret"
    assert set(s.secrets()) == {"tok-123456", "app-5ecret"}
    assert "app-5ecret" not in repr(s)


def test_a_wrong_pulse_setting_stops_everything() -> None:
    # Every channel needs the timezone (its partition days): nothing can run without it.
    with pytest.raises(SettingsError, match="PULSE_TIMEZONE='Mars/Olympus' is not a known"):
        Settings.from_env({"PULSE_TIMEZONE": "Mars/Olympus", **CREDENTIALS})


# Every API channel's credential, so that each channel is on.
CREDENTIALS = {"META_ACCESS_TOKEN": "tok-123456", "GOOGLE_ADS_DEVELOPER_TOKEN": "dev-token-0123",
               "MAILCHIMP_API_KEY": "0123456789abcdef0123456789abcdef-us6"}


@pytest.mark.parametrize(
    ("env", "channel", "message"),
    [
        ({"META_PAGE_IDS": "12;34"}, "facebook",
         "META_PAGE_IDS: '12;34' is not an id; give a comma-separated list such as 123,456"),
        ({"META_AD_ACCOUNT_IDS": "act_1, act 2"}, "meta_ads",
         "META_AD_ACCOUNT_IDS: 'act 2' is not an id; give a comma-separated list such as "
         "123,456"),
        ({"META_ADS_LOOKBACK_DAYS": "four"}, "meta_ads",
         "META_ADS_LOOKBACK_DAYS='four' must be a whole number of days"),
        ({"META_PAGE_METRICS": "Page Views"}, "facebook",
         "META_PAGE_METRICS: 'Page Views' is not a metric name ([a-z0-9_]+)"),
        ({"META_INSTAGRAM_LOOKBACK_DAYS": "-3"}, "instagram",
         "META_INSTAGRAM_LOOKBACK_DAYS='-3' must not be negative"),
        ({"GOOGLE_ADS_CUSTOMER_IDS": "123-45"}, "google_ads",
         "GOOGLE_ADS_CUSTOMER_IDS: '123-45' is not a Google Ads customer id (ten digits, "
         "such as 123-456-7890)"),
        ({"GOOGLE_ADS_LOGIN_CUSTOMER_ID": "manager"}, "google_ads",
         "GOOGLE_ADS_LOGIN_CUSTOMER_ID: 'manager' is not a Google Ads customer id (ten "
         "digits, such as 123-456-7890)"),
        ({"GOOGLE_ADS_ENDPOINT": "https://googleads.googleapis.com"}, "google_ads",
         "GOOGLE_ADS_ENDPOINT='https://googleads.googleapis.com' must be host:port, such as "
         "googleads.googleapis.com:443 (no scheme, no path)"),
        ({"GOOGLE_ADS_ENDPOINT": "127.0.0.1:port"}, "google_ads",
         "GOOGLE_ADS_ENDPOINT='127.0.0.1:port': the port is not a number"),
        ({"GOOGLE_ADS_LOOKBACK_DAYS": "-1"}, "google_ads",
         "GOOGLE_ADS_LOOKBACK_DAYS='-1' must not be negative"),
        ({"MAILCHIMP_LOOKBACK_DAYS": "a month"}, "mailchimp",
         "MAILCHIMP_LOOKBACK_DAYS='a month' must be a whole number of days"),
    ],
)
def test_a_wrong_channel_setting_is_that_channels_alone(env: dict[str, str], channel: str,
                                                         message: str) -> None:
    s = Settings.from_env({**CREDENTIALS, **env})  # reading them raises nothing
    assert s.misconfigured(channel) == message
    others = {"meta_ads", "facebook", "instagram", "google_ads", "mailchimp"} - {channel}
    assert [c for c in others if s.misconfigured(c) is not None] == []
    # The nightly schedule still has a window for every channel: a wrong lookback's
    # channel gets its default one (and its run fails, naming the setting).
    assert s.lookback_days == DEFAULT_LOOKBACK


def test_every_wrong_setting_of_a_channel_is_named_and_an_off_channel_has_none() -> None:
    wrong = {"GOOGLE_ADS_CUSTOMER_IDS": "123-45", "GOOGLE_ADS_ENDPOINT": "localhost:port"}
    s = Settings.from_env({**CREDENTIALS, **wrong})
    problem = s.misconfigured("google_ads") or ""
    assert "GOOGLE_ADS_CUSTOMER_IDS: '123-45'" in problem and "GOOGLE_ADS_ENDPOINT=" in problem
    # Without its developer token the channel is off (skipped, saying so): the rest of
    # its settings are not used, so they cannot fail it.
    off = Settings.from_env({**CREDENTIALS, **wrong, "GOOGLE_ADS_DEVELOPER_TOKEN": ""})
    assert not off.google_ads.enabled and off.misconfigured("google_ads") is None


def test_a_secret_pasted_into_an_id_list_is_masked_in_the_message() -> None:
    token = "EAAG/pasted+token"
    s = Settings.from_env({"META_ACCESS_TOKEN": token, "META_PAGE_IDS": token})
    assert s.misconfigured("facebook") == (
        "META_PAGE_IDS: '***' is not an id; give a comma-separated list such as 123,456")


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
