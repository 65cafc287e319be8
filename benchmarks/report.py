"""The results table of benchmarks/README.md, written from results/*.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.common import BENCH_DIR, RESULTS_DIR, Stat

README = BENCH_DIR / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
ORDER = ("landing", "models", "nightly", "backfill", "analyst")


def _number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _section(result: dict[str, Any]) -> list[str]:
    lines = [f"### {result['title']}", "",
             f"{result['when']}, {result['runs']} runs.", "",
             "| measure | median | min | max | unit |", "|---|---:|---:|---:|---|"]
    for stat in (Stat(**s) for s in result["stats"]):
        name = stat.name + (f" ({stat.note})" if stat.note else "")
        lines.append(f"| {name} | {_number(stat.median)} | {_number(stat.low)} | "
                     f"{_number(stat.high)} | {stat.unit} |")
    if result["ratios"]:
        lines += ["", "| ratio (medians) | value | target | met |", "|---|---:|---|---|"]
        for ratio in result["ratios"]:
            met = {True: "yes", False: "**no**", None: ""}[ratio["met"]]
            name = ratio["name"] + (f" ({ratio['note']})" if ratio.get("note") else "")
            lines.append(f"| {name} | {_number(ratio['value'])} | {ratio['target']} | {met} |")
    if result["notes"]:
        lines += [""] + [f"- {note}" for note in result["notes"]]
    return [*lines, ""]


def render() -> Path:
    """Replace the README's results block with every saved result."""
    found = {p.stem: json.loads(p.read_text(encoding="utf-8"))
             for p in sorted(RESULTS_DIR.glob("*.json"))}
    body: list[str] = []
    if found:
        machine = next(iter(found.values()))["machine"]
        versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
        body += [f"Machine: {machine['cpu']}, {machine['cores']} cores, "
                 f"{machine['memory_gib']} GiB, {machine['os']}, Python {machine['python']}; "
                 f"{versions}.", ""]
    for name in sorted(found, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)):
        body += _section(found[name])
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{BEGIN}\n{chr(10).join(body)}{END}{tail}", encoding="utf-8")
    return README
