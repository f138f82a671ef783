"""Acceptance the engine can use: the speed-to-lead curve written in, and the fit bands matched by simulation."""

from __future__ import annotations

from sequences import Document, Scenario
from sequences.sales_model import Acceptance, FitBand, ResponseBand

from .counts import HistoryCounts
from .stats import Estimate, wilson

SPEED_GAP = 0.03  # mean speed-to-lead factors further apart than this: the base team is not the history's


def mean_factor(counts: HistoryCounts, rows: list[dict]) -> tuple[float, int]:
    """The mean speed-to-lead factor over the decided handoffs whose first touch is known (the engine's rule:
    the first row whose hours the delay does not exceed, else the last), and how many there were."""
    total, weighted = 0, 0.0
    for (hours, _accepted), n in counts.by_response.items():
        row = next((r for r in rows if hours <= r["within_hours"]), rows[-1])
        total += n
        weighted += n * row["factor"]
    return (weighted / total if total else 1.0), total


def with_response_curve(acceptance: Acceptance, counts: HistoryCounts, rows: list[dict], thin: set[float]
                        ) -> tuple[Acceptance, list[Estimate], list[str]]:
    """Rows in ``thin`` (too few decisions) are left out: later first touches keep the row before's factor.
    ``acceptance`` with the estimated curve as ``by_response_time`` and every fit band divided by the mean
    factor of the observed first touches: the bands become the acceptance at the reference response time,
    so a team that responds as the history's did keeps the observed overall acceptance."""
    rows = [r for r in rows if r["within_hours"] not in thin]
    if not rows:
        return acceptance, [], []
    factor, n = mean_factor(counts, rows)
    if factor <= 0:
        return acceptance, [], ["speed to lead: every response band's acceptance is zero; curve not written"]
    bands = tuple(FitBand(fit_min=b.fit_min, accept=min(1.0, round(b.accept / factor, 4)))
                  for b in acceptance.by_fit_band)
    curve = tuple(ResponseBand(within_hours=r["within_hours"], factor=min(1.0, r["factor"])) for r in rows)
    est = Estimate("acceptance.response_mean_factor", factor, factor, factor, n, "mean of the curve's factors",
                   "decided handoffs with an SQL date and a first outreach", "x")
    flags = [f"speed to lead: acceptance.by_response_time written ({len(curve)} rows, factor 1 within "
             f"{rows[0]['within_hours']:g}h); the fit bands are the acceptance at that speed, the observed ones "
             f"divided by the mean factor {factor:.3f} of the history's first touches"]
    if any(b.accept >= 1.0 for b in bands):
        flags.append("speed to lead: a fit band's acceptance at the reference speed reached 100% and was capped, so "
                     "the overall acceptance comes out a little below the observed")
    return acceptance.model_copy(update={"by_fit_band": bands, "by_response_time": curve}), [est], flags


def _decided(figures: dict) -> int:
    t = figures["totals"]
    return int(t["accepted"] + t["rejected"])


def acceptance_scale(figures: dict, observed: Estimate | None) -> float | None:
    """The factor on every fit band that makes the engine's acceptance -- its handoffs, with their own mix of
    fit, reached as fast as the base scenario's team reaches them at the history's volume -- equal the
    observed acceptance. None when there is nothing to match."""
    decided = _decided(figures)
    accepted = figures["totals"]["accepted"]
    if observed is None or not observed.n or decided < 30 or accepted <= 0:
        return None
    return observed.value / (accepted / decided)


def scaled(acceptance: Acceptance, scale: float) -> Acceptance:
    bands = tuple(FitBand(fit_min=b.fit_min, accept=min(1.0, round(b.accept * scale, 4)))
                  for b in acceptance.by_fit_band)
    return acceptance.model_copy(update={"by_fit_band": bands})


def simulated_acceptance(figures: dict, observed: Estimate, factor: float) -> tuple[Estimate, list[str]]:
    """The engine's acceptance of the trial cohort beside the observed one; a flag when its team reaches leads
    at another speed than the history's (its mean speed-to-lead factor against the history's ``factor``)."""
    decided = _decided(figures)
    totals = figures["totals"]
    accepted = int(totals["accepted"])
    low, high = wilson(accepted, decided)
    value = accepted / decided if decided else float("nan")
    est = Estimate("simulated.accept", value, low, high, decided, "Wilson 95% over the simulated cohort",
                   f"engine, observed {observed.value:.3f} ({observed.low:.3f}-{observed.high:.3f})")
    flags = []
    if decided and (high < observed.low or low > observed.high):
        est.flags.append("outside the observed interval")
        flags.append(f"CANNOT REACH acceptance: the engine accepts {100 * value:.1f}% of its handoffs against the "
                     f"observed {100 * observed.value:.1f}% (a fit band capped at 100%)")
    at_once = totals.get("accepted_if_reached_at_once", accepted)
    engine = accepted / at_once if at_once else 1.0
    if abs(engine - factor) > SPEED_GAP:
        faster = "faster" if engine > factor else "more slowly"
        flags.append(f"speed to lead: the base scenario's sales team reaches leads {faster} than the history's "
                     f"(mean speed-to-lead factor {engine:.2f} against {factor:.2f}); the fit bands were scaled so "
                     "the observed acceptance is kept. Set the team (reps, hours) as it is and calibrate again, "
                     "so that the curve answers 'what if we respond faster' from the right starting point")
    return est, flags


def match_acceptance(document: Document, draft: Scenario, figures: dict, found: dict[str, Estimate], seed: int
                     ) -> tuple[Scenario, dict, list[Estimate], list[str]]:
    """The draft with its fit bands scaled so the engine's acceptance at the reference speed matches the
    observed (one more trial simulation to check), the scale and the simulated acceptance as estimates."""
    from .behaviour_fit import simulated_funnel

    observed = found.get("sales.accept")
    factor = found["acceptance.response_mean_factor"].value if "acceptance.response_mean_factor" in found else 1.0
    scale = acceptance_scale(figures, observed)
    if scale is None or observed is None:
        return draft, figures, [], []
    draft = draft.model_copy(update={"acceptance": scaled(draft.acceptance, scale)})
    figures = simulated_funnel(document, draft, seed)
    est, flags = simulated_acceptance(figures, observed, factor)
    fitted = Estimate("fit.acceptance_scale", scale, scale, scale, _decided(figures), "simulation",
                      "factor on every fit band's acceptance so the engine's handoffs, with their own mix of fit "
                      "and the scenario team's speed, are accepted as often as the history's")
    return draft, figures, [fitted, est], flags


def response_lines(acceptance: Acceptance, estimates: list[Estimate]) -> list[str]:
    """What the calibration wrote about speed to lead, for the CLI and the wizard (nothing when it wrote none)."""
    found = {e.name: e for e in estimates}
    factor = found.get("acceptance.response_mean_factor")
    if factor is None:
        return []
    rows = ", ".join(f"within {b.within_hours:g}h x{b.factor:.2f}" for b in acceptance.by_response_time)
    bands = ", ".join(f"fit >= {b.fit_min:g}: {100 * b.accept:.1f}%" for b in acceptance.by_fit_band)
    out = [f"acceptance.by_response_time: {rows} (later first touches keep the last row's factor)",
           f"acceptance at the fastest speed, by fit band: {bands}",
           f"mean factor of the history's first touches: {factor.value:.3f} (n={factor.n}), so a team as fast "
           "as the history's keeps the observed overall acceptance"]
    scale = found.get("fit.acceptance_scale")
    if scale is not None:
        out.append(f"fit bands scaled by {scale.value:.3f} so the engine's handoffs (their own mix of fit, the "
                   "scenario team's speed) are accepted as often as the history's")
    return out
