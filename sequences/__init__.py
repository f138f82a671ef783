"""The nurture document: model, file format, validation and import/export. Pure Python, no Qt, no engine."""

from .audience import Audience, Offer
from .conditions import Condition
from .document import GENERATOR, SCHEMA_VERSION, Document, Sequence
from .errors import DocumentError
from .fileformat import dump_document, load_document, parse_document, read_document, save_document
from .nodes import (
    NODE_CLASSES,
    NODE_KINDS,
    BranchNode,
    BranchOutput,
    Edge,
    EmailNode,
    EmailVariant,
    EntryNode,
    ExitNode,
    GoalNode,
    HandoffNode,
    Node,
    ScoreNode,
    SplitNode,
    SplitOutput,
    WaitNode,
)
from .scenario import Scenario
from .scoring import Scoring

__all__ = [
    "GENERATOR", "NODE_CLASSES", "NODE_KINDS", "SCHEMA_VERSION", "Audience", "BranchNode", "BranchOutput",
    "Condition", "Document", "DocumentError", "Edge", "EmailNode", "EmailVariant", "EntryNode", "ExitNode",
    "GoalNode", "HandoffNode", "Node", "Offer", "Scenario", "ScoreNode", "Scoring", "Sequence", "SplitNode",
    "SplitOutput", "WaitNode", "dump_document", "load_document", "parse_document", "read_document",
    "save_document",
]
