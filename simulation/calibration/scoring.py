"""Forecast intervals from replications and the error figures of a backtest (MAPE, interval coverage)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..result import T975  # the engine's table of Student t 97.5% quantiles
from .stats import Z95, wilson


def t975(df: int) -> float:
    return T975[df - 1] if 1 <= df <= len(T975) else Z95 + 2.4 / max(df, 1)


def prediction_interval(values: np.ndarray, floor_variance: np.ndarray | None = None
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95% interval for ONE new outcome (not for the mean): mean +- t * sd * sqrt(1 + 1/R),
    over axis 0 (replications). ``floor_variance`` sets a minimum variance (e.g. Poisson arrivals)."""
    reps = values.shape[0]
    mean = values.mean(axis=0)
    var = values.var(axis=0, ddof=1) if reps > 1 else np.zeros_like(mean)
    if floor_variance is not None:
        var = np.maximum(var, floor_variance)
    half = t975(reps - 1) * np.sqrt(var * (1 + 1 / reps))
    return mean, np.maximum(mean - half, 0.0), mean + half


@dataclass
class PredictedSeries:
    """Weekly predictions: mean and a 95% interval for the single week that will actually happen."""

    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def from_daily(cls, daily_runs: list[np.ndarray], weeks: int, poisson_floor: bool = False) -> PredictedSeries:
        weekly = np.zeros((len(daily_runs), weeks))
        for r, daily in enumerate(daily_runs):
            days = np.zeros(weeks * 7)
            n = min(len(daily), weeks * 7)
            days[:n] = daily[:n]
            weekly[r] = days.reshape(weeks, 7).sum(axis=1)
        # Arrivals fed from a scenario are exact counts in the engine; real arrivals are Poisson-like,
        # so the interval of a forecast made from the scenario's volume is at least that wide.
        floor = weekly.mean(axis=0) if poisson_floor else None
        mean, low, high = prediction_interval(weekly, floor)
        # Counts are whole numbers: the interval's ends are too.
        return cls(mean, np.floor(low), np.ceil(high))

    def to_json(self) -> dict[str, list[float]]:
        return {"predicted": [round(float(v), 3) for v in self.mean], "low": [float(v) for v in self.low],
                "high": [float(v) for v in self.high]}


def score_series(actual: list[int], predicted: PredictedSeries, start: int) -> dict[str, float | int | None]:
    """MAPE over the scored weeks with a non-zero actual, WAPE (the absolute errors over the actuals: the last
    weeks of a history, where a handful of late stages remain, swing a MAPE, not a WAPE), and how often the actual
    was inside the interval."""
    mean, low, high = predicted.mean[start:], predicted.low[start:], predicted.high[start:]
    errors = [abs(p - a) / a for a, p in zip(actual, mean, strict=True) if a > 0]
    total = sum(actual)
    inside = sum(int(lo <= a <= hi) for a, lo, hi in zip(actual, low, high, strict=True))
    weeks = len(actual)
    return {
        "weeks": weeks, "inside": inside, "coverage": inside / weeks if weeks else None,
        "mape": float(np.mean(errors)) if errors else None, "weeks_without_actual": weeks - len(errors),
        "wape": float(sum(abs(p - a) for a, p in zip(actual, mean, strict=True)) / total) if total > 0 else None,
        "bias": float(np.mean(np.asarray(mean) - np.asarray(actual))) if weeks else None,
    }


def rate_comparison(k: int, n: int, replications: list[tuple[float, float]]) -> dict[str, float | int | None]:
    """An actual rate (Wilson interval) beside the predicted one (interval for one outcome over replications)."""
    low, high = wilson(k, n)
    rates = np.array([a / b for a, b in replications if b > 0])
    out: dict[str, float | int | None] = {
        "actual": k / n if n else None, "actual_low": low if n else None, "actual_high": high if n else None,
        "n": n, "predicted": None, "low": None, "high": None,
    }
    if len(rates) >= 2:
        mean, lo, hi = prediction_interval(rates.reshape(-1, 1))
        out.update(predicted=float(mean[0]), low=float(lo[0]), high=min(1.0, float(hi[0])))
    elif len(rates) == 1:
        out.update(predicted=float(rates[0]), low=float(rates[0]), high=float(rates[0]))
    actual, band_low, band_high, predicted = out["actual"], out["low"], out["high"], out["predicted"]
    if actual is not None and predicted is not None and band_low is not None and band_high is not None \
            and not math.isnan(predicted):
        out["inside"] = int(band_low <= actual <= band_high)
    return out
