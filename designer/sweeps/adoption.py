"""The sweep dialog's actions on the document: extend the edge axes, and make a point a scenario."""

from __future__ import annotations

from sequences.sweep import Sweep
from simulation.sweeps.adopt import Agreement, adopted_scenario, check_adoption, summary
from simulation.sweeps.explain import extend_axes

from ..commands import SetDocumentFieldCommand


class AdoptionMixin:
    """Needs the dialog's model, result, editor, table, runner, buttons, status and agreement labels."""

    def extend_axes(self) -> Sweep | None:
        """Saves the sweep with its edge axes one step longer (one undoable edit), ready to run again."""
        if self.result is None:
            return None
        current = next((s for s in self.model.document.sweeps if s.name == self.result.sweep), None)
        if current is None:
            return None
        self.editor.load(self.model.document, extend_axes(current, self.result.edges))
        sweep = self.save_definition()
        if sweep is not None:
            self.extend_button.setEnabled(False)
            self.status.setText(f"Extended the axes of '{sweep.name}': run it again to look past the edge.")
        return sweep

    # -- adopting a point ----------------------------------------------------------------------------
    def _update_adopt(self, *_args) -> None:
        # A read-only document (another window holds the file) can be swept but not changed.
        points = self.result is not None and bool(self.result.points)
        self.adopt_button.setEnabled(points and not self.model.read_only)
        self.save_button.setEnabled(not self.model.read_only)
        self.adopt_button.setToolTip("The document is read-only: another window holds its file" if self.model.read_only
                                     else "Adds the selected point (or the recommended one) as a scenario")

    def adopt(self) -> str | None:
        """Adds the selected (or recommended) point as a scenario, as one undoable edit; returns its name."""
        if self.result is None:
            return None
        if self.is_running():
            self._say("Wait for the running job to finish (or cancel it) before adopting a point.")
            return None
        index = self.table.selected_index()
        index = self.result.recommended if index is None else index
        point = next((p for p in self.result.points if p.index == index), None)
        if point is None:
            self._say("Select a point in the table first.")
            return None
        document = self.model.document
        scenario = adopted_scenario(document, self.result, point.index)
        if any(s.name == scenario.name for s in document.scenarios):
            self._say(f"The document already has the scenario '{scenario.name}'.")
            return None
        self.model.undo_stack.push(SetDocumentFieldCommand(
            self.model, "scenarios", (*document.scenarios, scenario), label=f"add scenario '{scenario.name}'"))
        self.status.setText(f"Added scenario '{scenario.name}'; simulating it to set its figures beside the sweep's…")
        result = self.result

        def job(progress, cancel) -> tuple[str, list[Agreement]]:
            rows = check_adoption(document, scenario, result, point.index,
                                  progress=lambda done, total: progress("adopt", done, total), cancel=cancel)
            return scenario.name, rows

        self.agreement.setText("")
        self.runner.start("adopt", job)
        return scenario.name

    def show_agreement(self, outcome: tuple[str, list[Agreement]]) -> None:
        name, rows = outcome
        self.adoption = rows
        self.progress.setFormat("Done")
        lines = [f"Simulated the new scenario '{name}' on its own seed and replications:"]
        lines += [f"  {row.words()}" for row in rows]
        lines.append(summary(rows))
        self.agreement.setText("\n".join(lines))
        self.status.setText(f"Added scenario '{name}': {summary(rows)}")

