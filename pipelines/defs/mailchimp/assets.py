"""Mailchimp: campaign reports (channel mailchimp), kept as dated snapshots."""

# No `from __future__ import annotations`: Dagster reads the context annotation at
# definition time and needs the real class.
from functools import partial

import dagster as dg

from connectors import mailchimp
from connectors.windows import DateWindow
from pipelines.defs.landing import (
    Fetched,
    channel_off,
    connector_config,
    ingestion_asset,
    land_fetched,
)
from pipelines.defs.partitions import partition_window
from pipelines.defs.resources import PulseResource
from pipelines.settings import Settings
from pipelines.warehouse import Replacement


def mailchimp_config(settings: Settings) -> mailchimp.MailchimpConfig:
    """The connector's configuration from the MAILCHIMP_* settings and PULSE_TIMEZONE;
    raises ``AuthError`` naming MAILCHIMP_API_KEY when the key has no data center (and
    MAILCHIMP_API_URL is unset), ``SourceError`` when MAILCHIMP_API_URL is no address."""
    s = settings.mailchimp
    return mailchimp.MailchimpConfig(api_key=s.api_key, api_url=s.api_url,
                                     timezone=settings.timezone)


def reports_slice(config: mailchimp.MailchimpConfig, window: DateWindow,
                  fetched: Fetched) -> Replacement:
    """Today's read of the reports of the mailings sent in `window`, as the slice that
    replaces that read day's snapshots of those send days. Reports that could not be
    read are recorded as failures (the others land), and the window as incomplete in
    the coverage ledger: one of its mailings is missing."""
    read = mailchimp.read_campaign_reports(config, window,
                                           on_warning=fetched.warnings.append)
    fetched.failures.extend(f"Mailchimp {message}" for message in read.rejected)
    return Replacement("mailchimp_campaign_reports", {"read_date": read.read_date.isoformat()},
                       read.table, (window.start, window.end), complete=not read.rejected)


def build_mailchimp_assets(
        partitions_def: dg.TimeWindowPartitionsDefinition) -> list[dg.AssetsDefinition]:
    """The Mailchimp asset, on the shared daily partitions: a day is the mailings sent
    that day (in PULSE_TIMEZONE)."""

    @ingestion_asset("mailchimp_campaign_reports", "mailchimp", partitions_def,
                     kinds={"mailchimp"})
    def mailchimp_campaign_reports(context: dg.AssetExecutionContext,
                                   pulse: PulseResource) -> dg.MaterializeResult:
        """Mailchimp campaign reports of the mailings sent on the run's days: emails
        sent, bounces, opens (total and unique), clicks (total, unique, people), forwards,
        unsubscribes, abuse reports, and Mailchimp's industry averages. Each read is a
        dated snapshot (one row per mailing per read day): a re-read the same day
        replaces it, a read on another day adds one, so a mailing's opens can be
        followed as they accrue. The nightly run re-reads the mailings of the last
        MAILCHIMP_LOOKBACK_DAYS (30) days."""
        settings = pulse.settings
        off = None if settings.mailchimp.enabled else "MAILCHIMP_API_KEY is unset"
        if skipped := channel_off(context, off):
            return skipped
        config = connector_config(context, pulse, partial(mailchimp_config, settings))
        fetched = Fetched()
        window = partition_window(context)
        fetched.attempt("Mailchimp campaign reports",
                        lambda: reports_slice(config, window, fetched))
        return land_fetched(context, pulse, fetched)

    return [mailchimp_campaign_reports]
