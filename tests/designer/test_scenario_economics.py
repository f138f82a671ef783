"""The Economics tab driven as a planner would: switch it on, type figures, pick how an SQL is valued, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from designer.files.saving import save_document_file
from sequences import load_document

from .test_scenario_panel import undo, window  # noqa: F401 (the fixture)


def _click(qtbot, button) -> None:
    # On the indicator: a check box or radio button stretched across the form only takes clicks on its text.
    qtbot.mouseClick(button, Qt.LeftButton, pos=QPoint(8, button.height() // 2))


def _type(spin, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, text)
    QTest.keyClick(spin, Qt.Key_Return)


def test_a_planner_prices_a_scenario_and_undoes_it(window, qtbot):  # noqa: F811
    panel = window.scenario_panel
    editor = panel.economics
    panel.tabs.setCurrentWidget(editor)
    panel.select(1)  # the example's second scenario has no economics yet
    scenario = lambda: window.model.document.scenarios[1]  # noqa: E731
    assert scenario().economics is None and not editor.form_page.isEnabled()
    assert "No economics" in editor.summary.text()
    _click(qtbot, editor.enabled)
    qtbot.waitUntil(lambda: scenario().economics is not None)
    # Switched on from a visible starting point: the funnel chain, which the summary multiplies out.
    assert scenario().economics.sql_value() == pytest.approx(0.4 * 40000 * 0.25)
    assert "$4,000" in editor.summary.text()
    _type(editor.rep_cost, "12000")
    qtbot.waitUntil(lambda: scenario().economics.rep_cost_per_month == 12000)
    _type(editor.win, "30")
    qtbot.waitUntil(lambda: scenario().economics.win_rate == pytest.approx(0.30))
    assert "30%" in editor.summary.text() and "$4,800" in editor.summary.text()
    _click(qtbot, editor.direct)
    assert editor.value.isEnabled() and not editor.deal.isEnabled()
    _type(editor.value, "2500")
    qtbot.waitUntil(lambda: scenario().economics.value_per_accepted_sql == 2500)
    assert scenario().economics.opportunity_rate is None  # one way to value an SQL, never both
    assert "$2,500" in editor.summary.text() and "as given" in editor.summary.text()
    undo(window)
    assert scenario().economics.value_per_accepted_sql != 2500
    qtbot.waitUntil(lambda: not editor.direct.isChecked() or editor.value.value() != 2500)
    _click(qtbot, editor.enabled)
    qtbot.waitUntil(lambda: scenario().economics is None)
    assert not editor.form_page.isEnabled()


def test_the_examples_economics_show_and_survive_an_edit_and_a_save(window, qtbot, tmp_path):  # noqa: F811
    panel = window.scenario_panel
    editor = panel.economics
    panel.tabs.setCurrentWidget(editor)
    first = window.model.document.scenarios[0].economics
    assert first is not None and editor.enabled.isChecked() and editor.chain.isChecked()
    assert editor.deal.value() == first.average_deal_value and editor.opportunity.value() == pytest.approx(50)
    assert "$6,000" in editor.summary.text()  # 50% x $48,000 x 25%
    _type(editor.rep_cost, "11000")
    qtbot.waitUntil(lambda: window.model.document.scenarios[0].economics.rep_cost_per_month == 11000)
    path = tmp_path / "priced.nurture.yaml"
    save_document_file(window.model.document, path, window.model.template)
    saved = load_document(path).scenarios[0].economics
    assert saved is not None and saved.rep_cost_per_month == 11000 and saved.sql_value() == pytest.approx(6000)
    assert "rep_cost_per_month: 11000" in path.read_text(encoding="utf-8")
