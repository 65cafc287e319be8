"""What we ask of Google Ads and how its answers are read: the source's constants in one place."""

from __future__ import annotations

SOURCE = "Google Ads"

# google-ads 34 speaks v23..v26 and defaults to v26; the sandbox serves the same version.
API_VERSION = "v26"
DEFAULT_ENDPOINT = "googleads.googleapis.com:443"
# Hosts that mean "the loopback sandbox": plaintext gRPC and a static token, since an
# OAuth refresh would need the internet (design.md, GOOGLE_ADS_ENDPOINT).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# One row per campaign and day. customer.currency_code rides along on every row, so
# the cost's currency is always the account's own, read in the same answer.
FIELDS: tuple[str, ...] = (
    "customer.id",
    "customer.currency_code",
    "campaign.id",
    "campaign.name",
    "campaign.advertising_channel_type",
    "segments.date",
    "metrics.impressions",
    "metrics.clicks",
    "metrics.cost_micros",
    "metrics.conversions",
)
# GAQL: the dates are ours (ISO days from a DateWindow), never user text.
QUERY = "SELECT {fields} FROM campaign WHERE segments.date BETWEEN '{start}' AND '{end}'"

# Money is in millionths of the account currency.
MICROS_PER_UNIT = 1_000_000

# The setting each kind of failure asks the user to fix (README, design.md).
DEVELOPER_TOKEN_SETTING = "GOOGLE_ADS_DEVELOPER_TOKEN"  # noqa: S105 (a setting's name)
REFRESH_TOKEN_SETTING = "GOOGLE_ADS_REFRESH_TOKEN"  # noqa: S105 (a setting's name)
CLIENT_SETTINGS = "GOOGLE_ADS_CLIENT_ID and GOOGLE_ADS_CLIENT_SECRET"
LOGIN_CUSTOMER_SETTING = "GOOGLE_ADS_LOGIN_CUSTOMER_ID"
CUSTOMER_IDS_SETTING = "GOOGLE_ADS_CUSTOMER_IDS"
ENDPOINT_SETTING = "GOOGLE_ADS_ENDPOINT"

# Trailing metadata of a failed call: the serialized GoogleAdsFailure and the request id.
REQUEST_ID_KEY = "request-id"


def failure_key(api_version: str) -> str:
    """The trailing-metadata key holding a serialized ``GoogleAdsFailure``."""
    return f"google.ads.googleads.{api_version}.errors.googleadsfailure-bin"
