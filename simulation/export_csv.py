"""A result as CSV files: totals, daily series and per-node figures (mean, low, high columns)."""

from __future__ import annotations

import csv
from pathlib import Path

from .result import SimulationResult


def write_csv(result: SimulationResult, directory: str | Path) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    path = directory / "totals.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["figure", "mean", "low", "high"])
        for name, e in result.totals.items():
            out.writerow([name, e.mean, e.low, e.high])
    written.append(path)
    path = directory / "daily.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        names = list(result.daily)
        # mean, its 95% interval, and the expected range for one day (results saved before it lack it)
        ways = [w for w in ("mean", "low", "high", "pred_low", "pred_high") if w in result.daily[names[0]]]
        out.writerow(["day"] + [f"{n}_{w}" for n in names for w in ways])
        for day in range(len(result.daily[names[0]]["mean"])):
            out.writerow([day] + [result.daily[n][w][day] for n in names for w in ways])
    written.append(path)
    path = directory / "nodes.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["node", "kind", "figure", "mean", "low", "high"])
        for node_id, figures in result.nodes.items():
            for key in ("entered", "stalled", "stalled_now", "in_flight", "median_dwell_days"):
                if key not in figures:  # a result saved before the figure existed
                    continue
                e = figures[key]
                out.writerow([node_id, figures["kind"], key, e.mean, e.low, e.high])
            for port, e in figures["left"].items():
                out.writerow([node_id, figures["kind"], f"left:{port}", e.mean, e.low, e.high])
    written.append(path)
    return written
