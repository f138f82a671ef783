"""The inspector: property editors for the selected node or edge, or for the document."""

from .panel import InspectorPanel

__all__ = ["InspectorPanel"]
