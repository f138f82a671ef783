"""Intervals for the estimates: Wilson for proportions, Garwood-style for counts, order statistics for medians."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Z95 = 1.959963984540054


def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``k / n``; (0, 1) when there is no data."""
    if n <= 0:
        return 0.0, 1.0
    k = min(max(k, 0.0), n)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def poisson_interval(k: float, z: float = Z95) -> tuple[float, float]:
    """Approximate 95% interval of a Poisson mean from one count (Wilson-Hilferty; close to Garwood's)."""
    low = 0.0 if k <= 0 else k * (1 - 1 / (9 * k) - z / (3 * math.sqrt(k))) ** 3
    k1 = k + 1
    high = k1 * (1 - 1 / (9 * k1) + z / (3 * math.sqrt(k1))) ** 3
    return max(0.0, low), high


def quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    pos = q * (len(sorted_values) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def quantile_interval(sorted_values: list[float], q: float, z: float = Z95) -> tuple[float, float]:
    """Distribution-free interval of a quantile from the order statistics around rank ``q * n``."""
    n = len(sorted_values)
    if n == 0:
        return float("nan"), float("nan")
    half = z * math.sqrt(n * q * (1 - q))
    lo = max(0, math.floor(n * q - half) - 1)
    hi = min(n - 1, math.ceil(n * q + half))
    return sorted_values[lo], sorted_values[hi]


@dataclass
class Estimate:
    """One number taken from the history, with where it came from and how sure it is."""

    name: str
    value: float
    low: float
    high: float
    n: int
    method: str
    source: str
    unit: str = ""
    flags: list[str] = field(default_factory=list)

    def line(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        flags = f"  [{'; '.join(self.flags)}]" if self.flags else ""
        # A figure without an interval (a trial's one median, a mean factor) says what it is instead.
        spread = f"({_fmt(self.low)}-{_fmt(self.high)})" if self.low != self.high else f"[{self.method}]"
        return f"{self.name:<44} {_fmt(self.value)}{unit} {spread}, n={self.n}{flags}"

    def to_json(self) -> dict:
        return {
            "name": self.name, "value": _num(self.value), "low": _num(self.low), "high": _num(self.high),
            "n": self.n, "method": self.method, "source": self.source, "unit": self.unit, "flags": list(self.flags),
        }


def _num(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


def _fmt(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def proportion(name: str, k: int, n: int, source: str, min_n: int) -> Estimate:
    low, high = wilson(k, n)
    est = Estimate(name, k / n if n else float("nan"), low, high, n, "Wilson 95%", source)
    if n < min_n:
        est.flags.append(f"thin: n={n} < {min_n}")
    return est


def shares(counts: dict[str, int], places: int = 4) -> dict[str, float]:
    """Shares rounded to ``places`` decimals that still add up to exactly 1 (largest remainders)."""
    total = sum(counts.values())
    if total <= 0:
        return {}
    unit = 10**places
    raw = {k: n * unit / total for k, n in counts.items()}
    whole = {k: math.floor(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (whole[k] - raw[k], k))[: unit - sum(whole.values())]:
        whole[k] += 1
    return {k: whole[k] / unit for k in sorted(whole)}


def simulated_quantile_interval(quantiles: dict, which: str) -> tuple[float, float]:
    """95% interval of a simulated quantile (p50 or p90) from the cohort's own quantiles: the asymptotic
    variance q(1 - q) / (n f^2), with the density f read off the neighbouring quantiles."""
    n = int(quantiles.get("count") or 0)
    value = quantiles.get(which)
    if value is None or n == 0:
        return float("nan"), float("nan")
    if which == "p50":
        q, width, mass = 0.5, (quantiles.get("p75") or value) - (quantiles.get("p25") or value), 0.5
    else:
        q, width, mass = 0.9, value - (quantiles.get("p75") or value), 0.15
    if width <= 0:
        return float(value), float(value)
    half = Z95 * math.sqrt(q * (1 - q) / n) * width / mass
    return max(0.0, value - half), value + half
