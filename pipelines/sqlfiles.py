"""SQL kept in files under sql/, loaded by name (never assembled from values)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

SQL_DIR = PROJECT_ROOT / "sql"


@cache
def sql(relative: str) -> str:
    """The text of `sql/<relative>`; the name is code, never user input."""
    path = (SQL_DIR / relative).resolve()
    if SQL_DIR.resolve() not in path.parents:
        raise ValueError(f"{relative!r} is outside {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def raw_ddl() -> list[str]:
    """Every raw-table DDL statement, the schema first."""
    return [p.read_text(encoding="utf-8") for p in sorted(Path(SQL_DIR / "raw").glob("*.sql"))]
