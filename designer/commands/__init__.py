"""Undoable edits: each command's redo/undo call DocumentModel methods and nothing else."""

from .document_commands import ReplaceDocumentCommand, SetDocumentFieldCommand
from .edge_commands import AddEdgeCommand, RemoveEdgeCommand, connect_command
from .node_commands import AddNodeCommand, MoveNodesCommand, RemoveNodeCommand, ReplaceNodeCommand
from .rename_command import rename_command
from .selection_commands import delete_command, insert_command

__all__ = [
    "AddEdgeCommand", "AddNodeCommand", "MoveNodesCommand", "RemoveEdgeCommand", "RemoveNodeCommand",
    "ReplaceDocumentCommand", "ReplaceNodeCommand", "SetDocumentFieldCommand", "connect_command",
    "delete_command", "insert_command", "rename_command",
]
