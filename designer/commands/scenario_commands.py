"""Undoable scenario edits: one scenario's fields, and adding, renaming, duplicating or deleting scenarios."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from sequences.scenario import Scenario

from ..document import DocumentModel

_MERGE_SCENARIO = 1051


class EditScenarioCommand(QUndoCommand):
    """Replaces the scenario at ``index``; successive edits with the same ``merge_key`` (one slider drag,
    one field typed into) merge into one step."""

    def __init__(self, model: DocumentModel, index: int, new: Scenario, label: str = "",
                 merge_key: str | None = None):
        super().__init__(label or f"Edit scenario '{new.name}'")
        self.model, self.index = model, index
        self.old = model.document.scenarios[index]
        self.new = new
        self.merge_key = merge_key

    def id(self) -> int:
        return _MERGE_SCENARIO if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditScenarioCommand) or other.merge_key != self.merge_key:
            return False
        if other.index != self.index:
            return False
        self.new = other.new
        # Dragging back to where the drag started leaves nothing to undo.
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.model.replace_scenario(self.index, self.new)

    def undo(self) -> None:
        self.model.replace_scenario(self.index, self.old)


class SetScenariosCommand(QUndoCommand):
    """Replaces the list of scenarios (add, duplicate, delete, rename); a rename also carries the sweeps
    based on the scenario, so no sweep is left pointing at a name that is gone."""

    def __init__(self, model: DocumentModel, scenarios: tuple[Scenario, ...], label: str,
                 sweeps: tuple | None = None):
        super().__init__(label)
        self.model = model
        self.old = model.document.scenarios
        self.new = tuple(scenarios)
        self.old_sweeps = model.document.sweeps
        self.new_sweeps = sweeps

    def redo(self) -> None:
        self.model.set_field("scenarios", self.new)
        if self.new_sweeps is not None:
            self.model.set_field("sweeps", self.new_sweeps)

    def undo(self) -> None:
        self.model.set_field("scenarios", self.old)
        if self.new_sweeps is not None:
            self.model.set_field("sweeps", self.old_sweeps)


def free_name(scenarios: tuple[Scenario, ...], stem: str) -> str:
    names = {s.name for s in scenarios}
    if stem not in names:
        return stem
    n = 2
    while f"{stem} ({n})" in names:
        n += 1
    return f"{stem} ({n})"


def add_scenario_command(model: DocumentModel, template: Scenario | None = None) -> SetScenariosCommand:
    """A new scenario with the defaults, arriving at every entry (so it can run at once)."""
    scenarios = model.document.scenarios
    if template is None:
        entries = [n.id for n in model.document.sequence.nodes if n.kind == "entry"]
        arrivals = [{"entry": e, "leads_per_week": 100.0, "weeks": 26.0} for e in entries]
        template = Scenario.model_validate({"name": "new scenario", "cohort": {"arrivals": arrivals}})
    new = template.model_copy(update={"name": free_name(scenarios, template.name)})
    return SetScenariosCommand(model, scenarios + (new,), f"Add scenario '{new.name}'")


def duplicate_scenario_command(model: DocumentModel, index: int) -> SetScenariosCommand:
    scenarios = model.document.scenarios
    source = scenarios[index]
    new = source.model_copy(update={"name": free_name(scenarios, f"{source.name} copy")})
    ordered = scenarios[:index + 1] + (new,) + scenarios[index + 1:]
    return SetScenariosCommand(model, ordered, f"Duplicate scenario '{source.name}'")


def rename_problem(model: DocumentModel, index: int, name: str) -> str | None:
    """Why ``name`` cannot be the scenario's new name, or None."""
    name = name.strip()
    if not name:
        return "A scenario needs a name"
    if len(name) > 200:
        return "A scenario name has at most 200 characters"
    if any(s.name == name for k, s in enumerate(model.document.scenarios) if k != index):
        return f"There is already a scenario named '{name}'"
    return None


def rename_scenario_command(model: DocumentModel, index: int, name: str) -> SetScenariosCommand | None:
    """None when the name is unchanged; raises ValueError (with a readable message) when it is not allowed."""
    name = name.strip()
    problem = rename_problem(model, index, name)
    if problem:
        raise ValueError(problem)
    document = model.document
    old = document.scenarios[index]
    if old.name == name:
        return None
    scenarios = tuple(s.model_copy(update={"name": name}) if k == index else s
                      for k, s in enumerate(document.scenarios))
    sweeps = None
    if any(s.base_scenario == old.name for s in document.sweeps):
        sweeps = tuple(s.model_copy(update={"base_scenario": name}) if s.base_scenario == old.name else s
                       for s in document.sweeps)
    return SetScenariosCommand(model, scenarios, f"Rename scenario '{old.name}' to '{name}'", sweeps)


def delete_problem(model: DocumentModel, index: int) -> str | None:
    name = model.document.scenarios[index].name
    used = [s.name for s in model.document.sweeps if s.base_scenario == name]
    if used:
        return f"Scenario '{name}' is the base of sweep {', '.join(repr(u) for u in used)}: delete the sweep first"
    return None


def delete_scenario_command(model: DocumentModel, index: int) -> SetScenariosCommand:
    problem = delete_problem(model, index)
    if problem:
        raise ValueError(problem)
    scenarios = model.document.scenarios
    return SetScenariosCommand(model, scenarios[:index] + scenarios[index + 1:],
                               f"Delete scenario '{scenarios[index].name}'")
