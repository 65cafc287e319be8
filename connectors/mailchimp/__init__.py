"""The Mailchimp connector: campaign reports, read as dated snapshots.

A plain function over the official ``mailchimp-marketing`` SDK, taking a
``MailchimpConfig`` and a ``DateWindow`` (the days the mailings were sent) and
returning one read of their reports as an Arrow table whose columns are the raw
table's. Errors are the shared ``connectors.errors`` classes; the API key never
appears in any message, log line or provenance string. See README.md beside this file
for the source's quirks.
"""

from connectors.mailchimp.coerce import REPORTS_SCHEMA
from connectors.mailchimp.config import MailchimpConfig
from connectors.mailchimp.reports import ReportsRead, read_campaign_reports, send_time_bounds

__all__ = [
    "REPORTS_SCHEMA",
    "MailchimpConfig",
    "ReportsRead",
    "read_campaign_reports",
    "send_time_bounds",
]
