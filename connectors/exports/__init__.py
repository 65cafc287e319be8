"""Export files: X (Twitter) and TikTok analytics exports, and the generic channel file
of channels without an API (calls, print, radio, website...).

The public face is `read_export(path, channel, timezone=...)`, which recognises the
file's format from its header and returns an `ExportFile`: typed Arrow tables whose
columns are the raw tables' (raw.twitter_posts, raw.twitter_daily, raw.tiktok_daily,
raw.tiktok_videos, raw.file_channel_daily), the rows it rejected (line, column,
reason), and the file's hash and time. A file that cannot be read at all raises
`ExportFileError`. Nothing here knows Dagster or the warehouse. See README.md beside
this file for each format's quirks.
"""

from connectors.exports.formats import FORMATS, ExportFormat
from connectors.exports.generic import is_rate
from connectors.exports.model import SCHEMAS, ExportFile, ExportFileError, Rejection
from connectors.exports.reader import FILE_CHANNELS, read_export

__all__ = [
    "FILE_CHANNELS",
    "FORMATS",
    "SCHEMAS",
    "ExportFile",
    "ExportFileError",
    "ExportFormat",
    "Rejection",
    "is_rate",
    "read_export",
]
