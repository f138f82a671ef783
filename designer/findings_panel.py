"""Findings: the document re-validated shortly after each edit; clicking one selects its node."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from sequences.validation import Finding, validate

from .document import DocumentModel
from .icons import severity_icon

DEBOUNCE_MS = 300
# A document validated ahead, on the job thread that read it (with its findings): opening a file then only lists
# them on the GUI thread. One entry, replaced whole, so a reader never sees half of one.
_AHEAD: list[tuple[object, list[Finding]]] = []


def validate_ahead(document) -> None:
    """Validate ``document`` now (off the GUI thread); the panel uses the findings when it shows that document."""
    _AHEAD[:] = [(document, validate(document))]


def _findings_of(document) -> list[Finding]:
    ahead = _AHEAD[:1]
    return list(ahead[0][1]) if ahead and ahead[0][0] is document else validate(document)


class FindingsPanel(QWidget):
    updated = Signal(list)
    nodeActivated = Signal(str)

    def __init__(self, model: DocumentModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.findings: list[Finding] = []
        self._validated = None  # the document ``findings`` belong to
        self.setObjectName("findings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.summary = QLabel()
        self.summary.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("findings_list")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Finding", "Where", "Rule"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        layout.addWidget(self.tree)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.revalidate_now)
        model.changed.connect(self.timer.start)
        self.revalidate_now()

    def revalidate_now(self) -> None:
        self.timer.stop()
        document = self.model.document
        # The same document again (the debounced check after a reset): its findings cannot have changed.
        if document is not self._validated:
            self.findings, self._validated = _findings_of(document), document
        self.tree.clear()
        for finding in self.findings:
            item = QTreeWidgetItem([finding.message, finding.place, finding.code])
            item.setIcon(0, severity_icon(finding.severity))
            item.setToolTip(0, finding.message)
            item.setData(0, Qt.UserRole, finding.node)
            self.tree.addTopLevelItem(item)
        counts = {s: sum(f.severity == s for f in self.findings) for s in ("error", "warning", "info")}
        if not self.findings:
            self.summary.setText("No findings: the sequence is complete and consistent.")
        else:
            self.summary.setText(", ".join(f"{n} {s}{'s' * (n != 1)}" for s, n in counts.items() if n))
        self.updated.emit(self.findings)

    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in ("error", "warning", "info")}

    def by_node(self) -> dict[str, tuple[str, str]]:
        """Worst severity and the messages for each node that a finding concerns."""
        worst: dict[str, tuple[str, str]] = {}
        rank = {"error": 0, "warning": 1, "info": 2}
        for finding in self.findings:
            if finding.node is None:
                continue
            severity, text = worst.get(finding.node, ("info", ""))
            if rank[finding.severity] < rank[severity] or not text:
                severity = finding.severity
            worst[finding.node] = (severity, (text + "\n" if text else "") + f"• {finding.message}")
        return worst

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        node_id = item.data(0, Qt.UserRole)
        if node_id:
            self.nodeActivated.emit(node_id)
