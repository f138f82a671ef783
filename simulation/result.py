"""The one result object the CLI, GUI and reports read: figures with 95% intervals over replications."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# Student t 97.5% quantiles for 1..30 degrees of freedom; beyond that the normal value is close enough.
T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
         2.045, 2.042)


def t975(df: int) -> float:
    if df <= 0:
        return float("nan")
    return T975[df - 1] if df <= len(T975) else 1.96 + 2.4 / df


# Figures that are shares (a rate, a utilisation, a conversion): an interval for one stops at 100%.
SHARES = frozenset({"sla_breach_rate", "rep_utilisation", "conversion", "acceptance_rate"})


@dataclass(frozen=True)
class Estimate:
    """Mean over replications and its 95% confidence interval (Student t; equal to the mean with one
    replication; cut at zero when every replication is zero or more, and for a share at one)."""

    mean: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, values: Sequence[float | None], share: bool = False) -> Estimate:
        xs = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
        if not xs:
            return cls(None, None, None)
        n = len(xs)
        mean = math.fsum(xs) / n
        if n == 1:
            return cls(mean, mean, mean)
        sd = math.sqrt(math.fsum((x - mean) ** 2 for x in xs) / (n - 1))
        half = t975(n - 1) * sd / math.sqrt(n)
        # Counts and rates are never negative: an interval for them stops at zero.
        low = max(mean - half, 0.0) if min(xs) >= 0 else mean - half
        # A share is at most 100%: few replications can stretch the t interval past it (a breach rate of
        # "0.0%-105.4%"), which no week can show.
        high = min(mean + half, 1.0) if share and max(xs) <= 1.0 else mean + half
        return cls(mean, low, high)

    def contains(self, value: float) -> bool:
        return self.low is not None and self.high is not None and self.low <= value <= self.high

    def __format__(self, spec: str) -> str:
        if self.mean is None:
            return "-"
        if self.low == self.high:
            return format(self.mean, spec)
        return f"{format(self.mean, spec)} [{format(self.low, spec)}, {format(self.high, spec)}]"


Z975 = 1.959964


def series_bands(rows: list[list[float]]) -> dict[str, list]:
    """Per period, over replications: the mean, its 95% interval (``low``, ``high``) and the 95% prediction
    interval for one period of one world (``pred_low``, ``pred_high``): the expected range for one week
    (or day) rather than for the average.

    A period's spread is its period noise (counts vary about as their mean does, as a Poisson count does)
    scaled by the dispersion the replications show, pooled over all periods: that estimate rests on every
    period's replications, so even two replications give a usable range. One replication assumes Poisson
    noise. The range is also wide enough for the uncertainty of the mean (the 1 + 1/n term).
    """
    n, periods = len(rows), len(rows[0]) if rows else 0
    columns = list(zip(*rows, strict=True)) if rows else []
    means = [math.fsum(c) / n for c in columns]
    variances = [math.fsum((x - m) ** 2 for x in c) / (n - 1) if n > 1 else 0.0
                 for c, m in zip(columns, means, strict=True)]
    busy = [k for k in range(periods) if means[k] > 0]
    weight = math.fsum(means[k] for k in busy)
    dispersion = math.fsum(variances[k] for k in busy) / weight if n > 1 and weight > 0 else 1.0
    quantile = t975((n - 1) * len(busy)) if n > 1 and busy else Z975
    out: dict[str, list] = {"mean": means, "low": [], "high": [], "pred_low": [], "pred_high": []}
    for m, c in zip(means, columns, strict=True):
        spread = dispersion * abs(m)
        # The mean's interval from the same pooled spread (none with one replication, as for totals).
        half_mean = quantile * math.sqrt(spread / n) if n > 1 else 0.0
        half_one = quantile * math.sqrt(spread * (1 + 1 / n))
        floor = 0.0 if min(c) >= 0 else -math.inf
        out["low"].append(max(m - half_mean, floor))
        out["high"].append(m + half_mean)
        out["pred_low"].append(max(m - half_one, floor))
        out["pred_high"].append(m + half_one)
    return out


def weekly_sums(days: list[float]) -> list[float]:
    """Days 0-6 are week 1; the last week may be partial."""
    return [math.fsum(days[i:i + 7]) for i in range(0, len(days), 7)]


def aggregate(values: list[Any], key: str = "") -> Any:
    """Replication figures (same shape each) to one tree with an Estimate at every number (``key``: the
    figure's name, which says whether it is a share)."""
    first = values[0]
    if isinstance(first, dict):
        keys = list(dict.fromkeys(k for v in values for k in v))
        return {k: aggregate([v.get(k) for v in values if v.get(k) is not None] or [None], str(k)) for k in keys}
    if isinstance(first, list):
        return series_bands(values)
    if isinstance(first, str):
        return first
    return Estimate.of(values, key in SHARES)


@dataclass
class SimulationResult:
    document: str
    scenario: str
    seed: int
    replications: int
    leads: int | None
    horizon_days: float
    totals: dict[str, Estimate]
    daily: dict[str, dict[str, list]]
    nodes: dict[str, dict[str, Any]]
    breakdowns: dict[str, dict[str, dict[str, Estimate]]]
    time_to_mql: dict[str, Estimate]
    time_to_sql: dict[str, Estimate]
    rejection_reasons: dict[str, Estimate]
    replication_totals: list[dict[str, float | None]] = field(default_factory=list)
    # Daily series summed per week in each replication, then banded like the daily ones.
    weeks: dict[str, dict[str, list]] = field(default_factory=dict)
    # Sales figures per queue (name -> figure -> Estimate) and accepted SQLs by response-time band.
    queues: dict[str, dict[str, Any]] = field(default_factory=dict)
    response_bands: dict[str, Estimate] = field(default_factory=dict)

    @classmethod
    def from_runs(cls, runs: list[dict], *, document: str, scenario: str, seed: int, leads: int | None,
                  horizon_days: float) -> SimulationResult:
        tree = aggregate(runs)
        return cls(document=document, scenario=scenario, seed=seed, replications=len(runs), leads=leads,
                   horizon_days=horizon_days, totals=tree["totals"], daily=tree["daily"], nodes=tree["nodes"],
                   breakdowns=tree["breakdowns"], time_to_mql=tree["time_to_mql"],
                   time_to_sql=tree["time_to_sql"], rejection_reasons=tree["rejection_reasons"],
                   replication_totals=[run["totals"] for run in runs],
                   weeks={name: series_bands([weekly_sums(run["daily"][name]) for run in runs])
                          for name in runs[0]["daily"] if name != "queue_length"},
                   queues=tree.get("queues", {}), response_bands=tree.get("response_bands", {}))

    @property
    def sla_breach_rate(self) -> Estimate:
        return self.totals["sla_breach_rate"]

    @property
    def rep_utilisation(self) -> Estimate:
        return self.totals["rep_utilisation"]

    def weekly(self, series: str = "sql_handoffs", which: str = "mean") -> list[float]:
        """A daily series per week (days 0-6 are week 1; the last week may be partial).

        ``which``: ``mean``; ``low``/``high``, the 95% interval of the weekly mean; ``pred_low``/``pred_high``,
        the expected range for one week (95% prediction interval). Results saved before weekly bands
        existed sum the daily values (a conservative band for ``low``/``high``).
        """
        if series in self.weeks:
            return list(self.weeks[series][which])
        days = self.daily[series][which if which in self.daily[series] else which.removeprefix("pred_")]
        return weekly_sums([d for d in days if d is not None])

    def stall_points(self, top: int = 5) -> list[tuple[str, float]]:
        """Where leads stall most: node ids and ``sales queue``, by mean stalled leads."""
        places = [(node_id, figures["stalled"].mean or 0.0) for node_id, figures in self.nodes.items()]
        places.append(("sales queue", self.totals["queue_stalled"].mean or 0.0))
        return sorted((p for p in places if p[1] > 0), key=lambda p: (-p[1], p[0]))[:top]

    def place(self, node_id: str) -> str:
        """A node's title with its id, for people (``sales queue`` stays as it is)."""
        title = self.nodes.get(node_id, {}).get("title")
        return f"{title} ({node_id})" if title and title != node_id else node_id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SimulationResult:
        trees: dict[str, Any] = {k: _estimates(data[k]) for k in (
            "totals", "nodes", "breakdowns", "time_to_mql", "time_to_sql", "rejection_reasons", "queues",
            "response_bands") if k in data}
        return cls(**{**data, **trees})


def _estimates(tree: Any) -> Any:
    if isinstance(tree, dict):
        if set(tree) == {"mean", "low", "high"} and not isinstance(tree["mean"], list):
            return Estimate(**tree)
        return {k: _estimates(v) for k, v in tree.items()}
    return tree
