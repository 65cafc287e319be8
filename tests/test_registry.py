from datetime import date
from pathlib import Path

import pytest
import yaml

from pipelines.registry import RegistryError, load_registry, parse_registry
from pipelines.settings import PROJECT_ROOT


def test_sample_registry_loads_with_its_windows() -> None:
    reg = load_registry(PROJECT_ROOT / "campaigns.yaml")
    helpline = reg.get("helpline-2022")
    assert str(helpline.window) == "2022-04-25..2022-05-28"
    assert str(helpline.previous_window) == "2022-03-22..2022-04-24"
    assert helpline.previous_window.days == helpline.window.days == 34
    assert str(helpline.baseline_window) == "2021-08-25..2022-04-24"
    sel = helpline.selector("meta_ads")
    assert sel is not None and sel.kind == "campaign_name_contains" and sel.values == ("LIGNE",)
    assert helpline.selector("facebook").kind == "account"  # type: ignore[union-attr]
    assert helpline.moments[0].day == date(2022, 5, 2)
    assert [c.id for c in reg.with_channel("meta_ads")] == ["helpline-2022", "sante-mentale-2023"]


def test_baseline_months_clamp_to_month_end() -> None:
    doc = {"campaigns": [{"id": "x", "name": "X", "start": date(2022, 3, 31),
                          "end": date(2022, 4, 2), "baseline_months": 1,
                          "channels": {"facebook": "account"}}]}
    c = parse_registry(doc, Path("r.yaml")).campaigns[0]
    assert str(c.baseline_window) == "2022-02-28..2022-03-30"


def test_every_problem_is_named_with_campaign_and_field(tmp_path: Path) -> None:
    path = tmp_path / "campaigns.yaml"
    path.write_text(yaml.safe_dump({"campaigns": [
        {"id": "ok-1", "name": "Fine", "start": "2022-01-01", "end": "2022-01-31",
         "channels": {"facebook": "account"}},
        {"id": "bad-dates", "name": "B", "start": "2022-02-30", "end": "2022-01-01",
         "channels": {"facebook": "account"}},
        {"id": "Bad_Id", "name": "C", "start": "2022-01-01", "end": "2022-01-02",
         "channels": {"meta_ads": {"campaign_ids": []}, "twitter": {"campaign_ids": ["1"]}},
         "budget": {"amount": -5, "currency": "cad"}},
        {"id": "ok-1", "name": "Dup", "start": "2022-01-01", "end": "2022-01-02",
         "channels": {"facebook": "account"}, "goals": [{"channel": "all", "metric": "x",
                                                         "target": "lots"}]},
    ]}))
    with pytest.raises(RegistryError) as err:
        load_registry(path)
    text = str(err.value)
    assert "campaign 'bad-dates', field 'start': '2022-02-30' is not a date" in text
    assert "campaign 'Bad_Id', field 'id'" in text
    assert "field 'channels.meta_ads.campaign_ids'" in text
    assert "field 'channels.twitter'" in text
    assert "field 'budget.amount'" in text and "field 'budget.currency'" in text
    assert "campaign 'ok-1', field 'goals[1].target'" in text


def test_end_before_start_and_missing_file(tmp_path: Path) -> None:
    doc = {"campaigns": [{"id": "a", "name": "A", "start": date(2022, 2, 1),
                          "end": date(2022, 1, 1), "channels": {"facebook": "account"}}]}
    with pytest.raises(RegistryError, match="field 'end': 2022-01-01 is before start"):
        parse_registry(doc, Path("r.yaml"))
    with pytest.raises(RegistryError, match="PULSE_CAMPAIGNS"):
        load_registry(tmp_path / "nope.yaml")


def test_unknown_campaign_lists_known_ones() -> None:
    reg = load_registry(PROJECT_ROOT / "campaigns.yaml")
    with pytest.raises(RegistryError, match="known: helpline-2022, sante-mentale-2023"):
        reg.get("nope")


def test_file_channels_take_account_and_reserved_or_mistyped_names_are_refused() -> None:
    doc = {"campaigns": [{"id": "x", "name": "X", "start": date(2022, 4, 25),
                          "end": date(2022, 5, 28),
                          "channels": {"calls": "account", "print": "account",
                                       "twitter": "account", "tiktok": "account"}}]}
    campaign = parse_registry(doc, Path("r.yaml")).campaigns[0]
    assert [s.channel for s in campaign.channels] == ["calls", "print", "twitter", "tiktok"]
    assert {s.kind for s in campaign.channels} == {"account"}
    doc["campaigns"][0]["channels"] = {"all": "account", "facebok": "account",
                                       "calls": {"campaign_ids": ["1"]}}
    with pytest.raises(RegistryError) as err:
        parse_registry(doc, Path("r.yaml"))
    text = str(err.value)
    assert "field 'channels.all': 'all' names the campaign totals" in text
    assert "field 'channels.facebok': is not a channel we know; did you mean 'facebook'?" in text
    assert "field 'channels.calls': {'campaign_ids': ['1']}: this channel takes only " \
           "'account'" in text
