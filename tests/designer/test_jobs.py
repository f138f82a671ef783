"""The one background-job helper: real threads, progress of any shape, the newest request wins, one home for threads."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from designer.jobs import JobRunner

DESIGNER = Path(__file__).resolve().parents[2] / "designer"
THREAD_NAMES = {"threading", "QThread", "QThreadPool", "QRunnable", "concurrent"}


def test_a_sweeps_three_part_progress_reaches_the_gui_thread_with_done_and_total(qtbot):
    runner = JobRunner()
    reports, counts = [], []
    runner.reported.connect(reports.append)
    runner.progressed.connect(lambda done, total: counts.append((done, total)))
    go = threading.Event()

    def job(progress, cancel):
        progress("screen", 3, 10)
        go.wait(10)
        progress("Reading the leads…")
        return "done"

    with qtbot.waitSignal(runner.succeeded, timeout=10_000) as finished:
        runner.start("sweep", job)
        qtbot.waitUntil(lambda: reports == [("screen", 3, 10)], timeout=10_000)
        go.set()
    assert finished.args == ["sweep", "done"]
    assert counts == [(3, 10)]
    assert reports[-1] in {("screen", 3, 10), ("Reading the leads…",)}  # the newest report is delivered last


def test_with_newest_only_the_last_request_made_during_a_run_is_run_and_reported(qtbot):
    runner = JobRunner()
    release = threading.Event()
    ran, results, busy = [], [], []
    runner.succeeded.connect(lambda kind, value: results.append((kind, value)))
    runner.busyChanged.connect(lambda now: busy.append((now, runner.is_busy())))

    def make(name: str):
        def job(progress, cancel):
            ran.append(name)
            if name == "first":
                release.wait(10)
                return f"{name} (cancel asked: {cancel()})"
            return name
        return job

    assert runner.start("1", make("first"), newest=True)
    qtbot.waitUntil(lambda: ran == ["first"], timeout=10_000)
    for number, name in ((2, "second"), (3, "third"), (4, "fourth")):
        assert runner.start(str(number), make(name), newest=True)
    assert not runner.start("5", make("refused"))  # without newest a busy runner still says no
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=10_000)
    assert ran == ["first", "fourth"]
    assert results == [("4", "fourth")]  # the stale first answer is never shown
    assert busy == [(True, True), (False, False)]  # busy once, throughout; is_busy() agrees with the signal


def test_discard_drops_an_answer_nobody_wants(qtbot):
    runner = JobRunner()
    heard, busy = [], []
    for signal in (runner.succeeded, runner.failed, runner.cancelled):
        signal.connect(lambda *args: heard.append(args))
    runner.busyChanged.connect(busy.append)

    def job(progress, cancel):
        while not cancel():
            threading.Event().wait(0.01)
        return "stale"

    runner.start("calibrate", job)
    runner.discard()
    assert not runner.is_busy() and busy == [True, False]
    qtbot.wait(120)  # a poll interval or two: nothing may arrive late
    assert heard == []


def test_an_error_with_its_own_message_is_shown_in_its_words(qtbot):
    from sequences.history import HistoryError

    runner = JobRunner()

    def job(progress, cancel):
        raise HistoryError("leads.csv, line 4: the created date 'soon' is not a date")

    with qtbot.waitSignal(runner.failed, timeout=10_000) as failed:
        runner.start("calibrate", job)
    (message,) = failed.args
    assert message.endswith("leads.csv, line 4: the created date 'soon' is not a date")
    assert "HistoryError" not in message  # the error's own words, not the class name


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {(node.module or "").split(".")[0]} | {a.name for a in node.names}
    return names


def test_no_window_code_starts_threads_of_its_own():
    # Four patterns (QThread workers, a QThread subclass, a bare thread with queues) became JobRunner.
    offenders = {str(p.relative_to(DESIGNER)): sorted(_imports(p) & THREAD_NAMES)
                 for p in DESIGNER.rglob("*.py") if "cli" not in p.parts and p.name != "jobs.py"}
    assert {k: v for k, v in offenders.items() if v} == {}
