"""The compiled kernels against what they replace: the keyed draws, a sort by way out and window, the cohort.

Each is checked against plain numpy or against the engine run without it, value for value: a kernel that
drew other numbers or routed a lead elsewhere would change figures, so nothing here is approximate.
"""

from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import simulation.engine as engine_module
from assets.examples import template_path
from sequences import load_document
from sequences.sales_model import Sales
from simulation.clock import WorkingClock
from simulation.compiled import compile_model
from simulation.decay import decayed
from simulation.engine import Engine
from simulation.hash_kernel import keyed_pair
from simulation.keyed_random import KeyedRandom, stream_key
from simulation.leads import CohortCache
from simulation.partition import BEYOND, by_way_and_window
from simulation.runner import run_replication
from simulation.walks import EVENT_BITS


@given(seed=st.integers(0, 2**40), replication=st.integers(0, 50), n=st.integers(0, 300),
       recycled=st.booleans())
@settings(max_examples=60, deadline=None)
def test_compiled_draws_are_the_keyed_draws(seed, replication, n, recycled):
    rng = KeyedRandom(seed, replication)
    leads = np.random.default_rng(seed).permutation(10 * n + 1)[:n].astype(np.int64)
    rounds = (np.arange(n) % 3).astype(np.uint16) if recycled else None
    stream = stream_key("e1", "email")
    hi, lo = keyed_pair(leads, np.uint64(rng.base ^ stream), np.zeros(0, np.uint16) if rounds is None else rounds)
    want_hi, want_lo = _numpy_pair(rng.base ^ stream, leads, rounds)
    assert np.array_equal(hi, want_hi) and np.array_equal(lo, want_lo)
    got_hi, got_lo = rng.pair(stream, leads, rounds)
    assert np.array_equal(got_hi, want_hi) and np.array_equal(got_lo, want_lo)


def _numpy_mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _numpy_pair(key: int, leads: np.ndarray, rounds: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """SplitMix64 of the counter spelled out in numpy: (lead * golden + key), mixed; a later round mixed again."""
    x = _numpy_mix(leads.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(key))
    if rounds is not None:
        again = rounds != 0
        x[again] = _numpy_mix(x[again] + rounds[again].astype(np.uint64) * np.uint64(0xD6E8FEB86659FD93))
    return (x >> np.uint64(32)).astype(np.float64) / 2.0**32, (x & np.uint64(0xFFFFFFFF)).astype(np.float64) / 2.0**32


class _Relayed(KeyedRandom):
    """The keyed draws handed to the email kernel from outside, as the scripted lead path hands its own."""


def test_the_email_kernel_hashes_what_the_rng_would_hand_it(monkeypatch):
    # Send windows, response lags and recycling on: every draw the email makes is used.
    document = load_document(template_path("billing-demo"))
    scenario = document.scenarios[0]
    hashed = run_replication(document, scenario, 7, 1, 20_000)
    monkeypatch.setattr(engine_module, "KeyedRandom", _Relayed)
    relayed = run_replication(document, scenario, 7, 1, 20_000)
    assert hashed["totals"]["mqls"] > 0 and hashed["totals"]["sql_handoffs"] > 0
    assert json.dumps(hashed, sort_keys=True) == json.dumps(relayed, sort_keys=True)


def _reference_groups(codes, t, lowest, window, inv_window, horizon):
    """The grouping spelled out in numpy: past the horizon first, then by code, then by window, stably."""
    beyond = t >= horizon
    windows = np.full(len(t), window) if window >= 0 else (t * inv_window).astype(np.int64)
    groups = []
    if beyond.any():
        groups.append((BEYOND, -1, np.flatnonzero(beyond)))
    for code in sorted(set(codes[~beyond].tolist())):
        for w in sorted(set(windows[~beyond & (codes == code)].tolist())):
            groups.append((code, w, np.flatnonzero(~beyond & (codes == code) & (windows == w))))
    return groups


@given(n=st.integers(0, 400), ways=st.integers(1, 6), spread=st.floats(0.0, 120.0), same=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
@settings(max_examples=80, deadline=None)
def test_leads_are_grouped_by_way_out_and_window_in_their_order(n, ways, spread, same, seed):
    random = np.random.default_rng(seed)
    codes = random.integers(-3, ways, n).astype(np.int8)
    t = 28.0 + random.random(n) * spread
    horizon = 28.0 + spread * 0.8
    window = 2 if same else -1
    windows = int(np.ceil((28.0 + spread + 1) / 14))
    who = random.permutation(10 * n + 1)[:n]
    order, rows, who_sorted, t_sorted = by_way_and_window(codes, t, who, -3, ways + 3, window, windows, 1 / 14,
                                                          np.inf if same else horizon)
    want = _reference_groups(codes, t, -3, window, 1 / 14, np.inf if same else horizon)
    assert [(int(c), int(w)) for c, w, _, _ in rows] == [(c, w) for c, w, _ in want]
    if len(rows) == 1:
        assert len(order) == len(who_sorted) == len(t_sorted) == 0
        order, who_sorted, t_sorted = np.arange(n), who, t  # one group: the batch as it is
    # The leads and their times come gathered in the order's order.
    assert np.array_equal(who_sorted, who[order]) and np.array_equal(t_sorted, t[order])
    for (_, _, a, b), (_, _, positions) in zip(rows, want, strict=True):
        assert np.array_equal(order[a:b], positions)
    assert sorted(order.tolist()) == list(range(n))
    # Without the permutation: the same groups and the same gathered leads.
    unordered = by_way_and_window(codes, t, who, -3, ways + 3, window, windows, 1 / 14, np.inf if same else horizon,
                                  False)
    assert len(unordered[0]) == 0 and np.array_equal(unordered[1], rows)
    if len(rows) > 1:
        assert np.array_equal(unordered[2], who_sorted) and np.array_equal(unordered[3], t_sorted)


def test_a_sweeps_shared_cohorts_change_no_figure(tmp_path):
    # A score node that adds fit points: a shared cohort must not carry one run's fit into the next.
    text = template_path("patient-engagement").read_text(encoding="utf-8")
    scored = text.replace("kind: score, title: Integration", "kind: score, score: fit, title: Integration")
    assert scored != text
    (tmp_path / "fit.nurture.yaml").write_text(scored, encoding="utf-8")
    document = load_document(tmp_path / "fit.nurture.yaml")
    base = document.scenarios[0]
    stricter = base.model_copy(update={"name": "stricter"})
    cohorts = CohortCache()
    for scenario in (base, stricter, base):
        shared = run_replication(document, scenario, 11, 2, 15_000, cohorts=cohorts)
        alone = run_replication(document, scenario, 11, 2, 15_000)
        assert json.dumps(shared, sort_keys=True) == json.dumps(alone, sort_keys=True)
    assert len(cohorts.entries) == 1
    (_, _, arrival, _, _, _), = cohorts.entries.values()
    assert not arrival.flags.writeable


def _numpy_to_work(clock: WorkingClock, t: np.ndarray) -> np.ndarray:
    """The working clock spelled out in numpy (no holidays), as it was before it was compiled."""
    day = np.floor(t)
    weekday = np.mod(day, 7).astype(np.int64)
    hour = np.round((t - day) * 24.0, 9)
    within = np.where(clock.works[weekday], np.clip(hour, clock.start, clock.end) - clock.start, 0.0)
    return np.floor(day / 7) * clock.week_hours + clock.before[weekday] + within


def _numpy_to_calendar(clock: WorkingClock, w: np.ndarray) -> np.ndarray:
    weeks = np.floor(w / clock.week_hours)
    rest = w - weeks * clock.week_hours
    j = np.clip(np.searchsorted(clock.open_before, rest, side="right") - 1, 0, len(clock.open_days) - 1)
    return weeks * 7 + clock.open_days[j] + (clock.start + (rest - clock.open_before[j])) / 24.0


@given(days=st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1, unique=True),
       start=st.floats(0, 23), length=st.floats(0.25, 24), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_the_compiled_working_clock_is_the_numpy_one(days, start, length, seed):
    clock = WorkingClock(Sales(working_days=days, working_hours={"start": start, "end": min(start + length, 24)}))
    random = np.random.default_rng(seed)
    # Whole hours and quarter hours too: the rounding to 9 decimals is what makes 17:00 land on 17:00.
    t = np.concatenate([random.random(200) * 400, np.round(random.random(100) * 400 * 96) / 96])
    assert np.array_equal(clock.to_work(t), _numpy_to_work(clock, t))
    w = np.concatenate([random.random(200) * 3000, clock.to_work(t)])
    assert np.array_equal(clock.to_calendar(w), _numpy_to_calendar(clock, w))


@given(seed=st.integers(0, 2**32 - 1), half_life=st.floats(0.5, 365))
@settings(max_examples=30, deadline=None)
def test_intent_decays_by_the_c_librarys_exp2_in_batches_and_walks_alike(seed, half_life):
    # numpy's own exp2 over an array may differ in the last bit (it does on AVX-512 CPUs); every reader of intent
    # goes through one compiled decay, the C library's exp2, so a batch and a walk see the same bits on any CPU.
    random = np.random.default_rng(seed)
    n = 500
    intent = np.where(random.random(n) < 0.2, 0.0, random.random(n) * 80)
    t_ref = random.random(n) * 100
    idx = random.permutation(n)[:300]
    t = t_ref[idx] + random.random(300) * 60
    got = decayed(intent, t_ref, idx, t, half_life)
    want = [0.0 if intent[i] == 0.0 else intent[i] * math.exp2((t_ref[i] - when) / half_life)
            for i, when in zip(idx.tolist(), t.tolist(), strict=True)]
    assert got.tolist() == want


def test_a_wait_for_an_event_without_response_lags_draws_its_lag_from_its_own_stream():
    # The walk draws the one-day exponential lag with the keyed hash of the wait's "lag" stream: the numbers
    # KeyedRandom gives, so moving the wait into compiled code changed no lead's luck.
    doc = load_document(template_path("patient-engagement"))
    scenario = doc.scenarios[0]
    scenario = scenario.model_copy(update={"behaviour": scenario.behaviour.model_copy(
        update={"response_lag_hours": None})})
    compiled = compile_model(doc, scenario)
    engine = Engine(compiled, 5, 2, 3000)
    node = next(i for i, n in enumerate(compiled.nodes) if n.kind == "wait" and n.mode == "until_event")
    wait = compiled.nodes[node]
    leads = engine.leads
    idx = np.arange(0, 3000, 3)
    leads.flags[idx[::2]] |= np.uint8(EVENT_BITS[wait.awaited()])  # half of them answered the last email
    t = np.linspace(1.0, 50.0, len(idx))
    codes, t_out = engine.handlers.wait(node, idx, t)
    lag = -np.log1p(-KeyedRandom(5, 2).uniform(compiled.stream(node, "lag"), idx))
    event = ((leads.flags[idx] & np.uint8(EVENT_BITS[wait.awaited()])) != 0) & (lag <= wait.days)
    assert event.any() and (~event).any()
    assert np.array_equal(codes, np.where(event, 0, 1))
    # The lag itself through the C library's log1p (numpy's may differ in the last bit): equal to the ulp.
    np.testing.assert_allclose(t_out, np.where(event, t + lag, t + wait.days), rtol=0, atol=1e-12)
