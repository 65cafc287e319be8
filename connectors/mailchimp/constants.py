"""What we ask of Mailchimp and how its answers are read: the source's constants in one place."""

from __future__ import annotations

SOURCE = "Mailchimp"
KEY_SETTING = "MAILCHIMP_API_KEY"
URL_SETTING = "MAILCHIMP_API_URL"

# The report fields we land (sub-objects whole). Asking for them with `fields` keeps
# each answer small: a full report also carries list_stats, timewarp, ecommerce...
REPORT_FIELDS: tuple[str, ...] = (
    "id",
    "campaign_title",
    "type",
    "list_id",
    "list_name",
    "subject_line",
    "emails_sent",
    "abuse_reports",
    "unsubscribed",
    "send_time",
    "bounces",
    "forwards",
    "opens",
    "clicks",
    "industry_stats",
)
# The same fields in the list endpoint's answer, plus the count that drives paging.
LIST_FIELDS: tuple[str, ...] = (*(f"reports.{name}" for name in REPORT_FIELDS), "total_items")

# count: Mailchimp's default is 10 and its maximum 1000 (the SDK refuses more).
DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 1000

# Mailchimp allows 10 simultaneous connections per user. The connector reads pages one
# after the other (one connection at a time): a night's reports are a page or two.
MAX_CONNECTIONS = 10

# Heavy throttling comes as 429, or as a bare 403 (no problem+json body) from the edge.
THROTTLE_STATUS = 429
FORBIDDEN_STATUS = 403
# Words of a problem+json title or detail that mean "slow down", even on a 403.
THROTTLE_WORDS = ("too many", "limit", "throttl")
