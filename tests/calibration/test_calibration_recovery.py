"""Calibration recovers the known parameters of a synthetic history within its intervals."""

from __future__ import annotations

import pytest

from simulation.calibration import calibrate


def _by_name(calibration):
    return {e.name: e for e in calibration.estimates}


def _check(cases):
    """Most 95% intervals hold the truth, and none misses it by more than one interval width."""
    inside = [est.low <= value <= est.high for est, value in cases]
    for est, value in cases:
        width = est.high - est.low
        assert est.low - width <= value <= est.high + width, (est.name, value, est.line())
    assert sum(inside) >= 0.85 * len(cases), [e.line() for (e, v), ok in zip(cases, inside, strict=True) if not ok]


def test_mix_arrivals_and_funnel_are_recovered(document, truth, history):
    leads_csv, _, _ = history
    est = _by_name(calibrate(document, leads_csv, name="calibrated"))
    cases = []
    for attr, shares in truth.mix.items():
        cases += [(est[f"mix.{attr}.{value}"], share) for value, share in shares.items()]
    cases.append((est["arrivals.guide.leads_per_week"], truth.weekly["Patient engagement guide"]))
    cases.append((est["arrivals.webinar.leads_per_week"], truth.weekly["Scheduling and EHR integration webinar"]))
    cases.append((est["funnel.lead_to_mql"], truth.p_mql))
    cases += [(est[f"funnel.mql_to_sql.{role}"], p) for role, p in truth.p_sql.items()]
    cases += [(est[f"sales.rejection.{reason}"], p) for reason, p in truth.reasons.items()]
    cases += [(est[f"sales.accept.fit>={fit_min:g}"], p) for fit_min, p in truth.accept]
    # The median of the log-normal outreach delay is its known median.
    cases.append((est["sales.first_outreach_hours.median"], truth.outreach_median_hours))
    _check(cases)


def test_behaviour_rates_by_role_and_topic_are_recovered(document, truth, history):
    leads_csv, events_csv, _ = history
    calibration = calibrate(document, leads_csv, events_csv, name="calibrated")
    est = _by_name(calibration)
    cases = []
    for role in truth.mix["role"]:
        for topic in truth.topics:
            rates = truth.behaviour.rates(role, topic)
            where = f"behaviour.{role}.{topic}"
            cases += [(est[f"{where}.open"], rates.open), (est[f"{where}.click_given_open"], rates.click_given_open)]
            cases.append((est[f"{where}.hand_raise"], rates.hand_raise))
    _check(cases)
    # The scenario carries them: the engine's lookup of a role and topic gives the estimated rate.
    rates = calibration.scenario.behaviour.rates("clinical_leadership", "integration")
    assert abs(rates.open - truth.behaviour.rates("clinical_leadership", "integration").open) < 0.05


def test_the_scenario_is_valid_and_says_where_its_numbers_came_from(document, history):
    from sequences.validation import validate
    from simulation.calibration import add_scenario

    leads_csv, events_csv, _ = history
    calibration = calibrate(document, leads_csv, events_csv, name="from CRM")
    updated = add_scenario(document, calibration.scenario)
    errors = [f for f in validate(updated) if f.severity == "error" and f.scenario == "from CRM"]
    assert errors == []
    scenario = updated.scenario("from CRM")
    assert {a.entry for a in scenario.cohort.arrivals} == {"guide", "webinar"}
    assert scenario.horizon_days == 7 * calibration.counts.weeks
    note = scenario.description
    assert "leads.csv" in note and "events.csv" in note and "Job Title" in note
    assert "mix.role" in note and "Wilson" in note and "sales.accept" in note


def test_thin_cells_are_pooled_and_flagged(document, tmp_path, truth):
    from simulation.calibration.export_rows import write_events, write_leads
    from simulation.calibration.synthetic import Truth, generate

    small = Truth(weeks=6, weekly={"Patient engagement guide": 40.0})
    leads, events = generate(small, document, seed=5)
    write_leads(tmp_path / "l.csv", leads)
    write_events(tmp_path / "e.csv", events)
    calibration = calibrate(document, tmp_path / "l.csv", tmp_path / "e.csv", name="thin", min_n=200)
    flags = " ".join(calibration.flags)
    assert "thin cells pooled" in flags and "pooled into the overall rate" in flags
    role_topic = [o for o in calibration.scenario.behaviour.overrides if o.role and o.topic]
    assert role_topic == []  # every role x topic cell is thinner than 200: none becomes an override
    assert any("thin" in " ".join(e.flags) for e in calibration.estimates)


def test_a_calibration_can_be_cancelled_while_it_reads(document, history):
    from simulation.calibration import CalibrationCancelled

    asked = []

    def cancel() -> bool:
        asked.append(True)
        return len(asked) > 1

    leads_csv, events_csv, _ = history
    with pytest.raises(CalibrationCancelled):
        calibrate(document, leads_csv, events_csv, name="stopped", cancel=cancel)
    assert len(asked) == 2


def test_a_calibration_can_be_cancelled_while_it_fits_the_behaviour(document, history):
    """The fit is dozens of trial simulations several calls deep: a cancel made during it stops it there."""
    import traceback

    from simulation import Cancelled
    from simulation.calibration import CalibrationCancelled

    asked_in_fit = []

    def cancel() -> bool:
        fitting = any(frame.name == "simulated_funnel" for frame in traceback.extract_stack())
        asked_in_fit.append(fitting)
        return fitting

    leads_csv, events_csv, _ = history
    with pytest.raises(CalibrationCancelled) as stopped:
        calibrate(document, leads_csv, events_csv, name="stopped", cancel=cancel, fit_funnel=True)
    assert asked_in_fit[-1] and asked_in_fit.count(True) == 1  # it stopped at the first trial run
    assert isinstance(stopped.value, Cancelled)  # the GUI's job runner reports it as cancelled, not failed
    # Without a cancel the same calibration runs its fit to the end.
    assert calibrate(document, leads_csv, events_csv, name="whole", fit_funnel=True).scenario.name == "whole"


def test_a_calibration_says_where_it_is(document, tmp_path):
    """The rows read (every 10,000) and each trial run of the behaviour fit, for a job's status line."""
    from simulation.calibration.worlds import draw_world, generate_world, write_export

    leads = tmp_path / "leads.csv"
    rows = generate_world(draw_world(7), document)
    write_export(leads, rows)
    heard: list[str] = []
    calibrate(document, leads, name="heard", fit_funnel=True, fit_timing=False, progress=heard.append)
    reading = [m for m in heard if m.startswith("reading the history: ")]
    assert reading == [f"reading the history: {n:,} leads" for n in range(10_000, len(rows) + 1, 10_000)]
    trials = [int(m.rsplit(" ", 1)[1]) for m in heard if m.startswith("fitting the behaviour by simulation")]
    assert trials == list(range(1, len(trials) + 1)) and len(trials) >= 5
    assert heard.index(reading[-1]) < heard.index("fitting the behaviour by simulation: trial run 1")
