"""Source connectors: plain functions that read one platform and yield typed Arrow batches.

Nothing here knows Dagster. Each source is a sub-package (``connectors.meta``, ...)
built on the platform's official SDK; the error classes, the retry loop, redaction and
date windows shared by every source live beside them in this package.
"""
