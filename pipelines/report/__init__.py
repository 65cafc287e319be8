"""The campaign report our users hand to their funders, from the published snapshot."""

from pipelines.report.data import ReportError, UnknownCampaignError, known_campaigns
from pipelines.report.render import Written, default_path, render_report, summary, write_report

__all__ = ["ReportError", "UnknownCampaignError", "Written", "default_path", "known_campaigns",
           "render_report", "summary", "write_report"]
