"""Per-target ids of the assets a sequence refers to (emails, segments, properties) for exports."""

from __future__ import annotations

from pydantic import Field

from .base import Model

TARGETS_WITH_IDS: tuple[str, ...] = ("hubspot", "mautic", "dittofeed")


class TargetMapping(Model):
    """Ids in one tool. ``emails`` is keyed by email node id; ``segments`` by a segment key such as
    ``entry:<node>``, ``branch:<node>:<label>`` or ``wait:<node>``; ``properties`` maps a condition
    field (``role``, ``care_setting``…) to the tool's property name."""

    emails: dict[str, str] = Field(default_factory=dict)
    segments: dict[str, str] = Field(default_factory=dict)
    properties: dict[str, str] = Field(default_factory=dict)
    # Mautic's import finds a campaign by its uuid: a stored one makes re-imports update the same campaign.
    campaign_uuid: str = ""


class ExportMappings(Model):
    """HubSpot content ids, Mautic email ids, Dittofeed template ids — kept with the document."""

    hubspot: TargetMapping = TargetMapping()
    mautic: TargetMapping = TargetMapping()
    dittofeed: TargetMapping = TargetMapping()

    def for_target(self, target: str) -> TargetMapping:
        key = "mautic" if target.startswith("mautic") else target
        return getattr(self, key, TargetMapping()) if key in TARGETS_WITH_IDS else TargetMapping()
