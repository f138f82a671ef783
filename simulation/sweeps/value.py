"""The economics of a point: rep cost, pipeline value and cost per accepted SQL, per replication."""

from __future__ import annotations

import math

from sequences.economics import Economics

Replicates = dict[str, list[float]]


def add_value(figures: Replicates, reps: int, economics: Economics | None) -> Replicates:
    """``figures`` with the money figures the economics allow (none without economics).

    Derived per replication, so an interval of a money figure (and a difference on common random numbers)
    is as honest as the interval of accepted SQLs it comes from.
    """
    if economics is None:
        return figures
    accepted = figures["accepted_per_month"]
    cost = reps * economics.rep_cost_per_month
    out = dict(figures)
    out["cost_per_month"] = [cost for _ in accepted]
    out["cost_per_accepted_sql"] = [cost / a if a > 0 else math.nan for a in accepted]
    value = economics.sql_value()
    if value is not None:
        out["pipeline_value_per_month"] = [a * value for a in accepted]
        out["net_value_per_month"] = [a * value - cost for a in accepted]
    return out


def add_value_one(figures: dict[str, float], reps: int, economics: Economics | None) -> dict[str, float]:
    """The same for the screen's single figures."""
    lists = add_value({k: [v] for k, v in figures.items()}, reps, economics)
    return {k: v[0] for k, v in lists.items()}


def needs_economics(metrics: list[str]) -> list[str]:
    return [m for m in metrics if m in ("cost_per_month", "cost_per_accepted_sql", "pipeline_value_per_month",
                                        "net_value_per_month")]


def needs_value(metrics: list[str]) -> list[str]:
    return [m for m in metrics if m in ("pipeline_value_per_month", "net_value_per_month")]
