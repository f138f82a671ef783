"""The audience vocabulary: roles, segments, sources, topics and offers (lead magnets)."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import Id, Model

DEFAULT_ROLES: tuple[str, ...] = (
    "clinical_leadership",
    "it",
    "privacy_security",
    "operations",
    "billing_rcm",
    "procurement",
    "executive",
)

ROLE_LABELS: dict[str, str] = {
    "clinical_leadership": "Clinical leadership",
    "it": "IT",
    "privacy_security": "Privacy & security",
    "operations": "Operations",
    "billing_rcm": "Billing & revenue cycle",
    "procurement": "Procurement",
    "executive": "Executive",
}

DEFAULT_SEGMENTS: dict[str, tuple[str, ...]] = {
    "care_setting": ("hospital_system", "ambulatory_group", "payer", "digital_health"),
    "facility_size": ("small", "mid", "large", "enterprise"),
}

DEFAULT_SOURCES: tuple[str, ...] = ("webinar", "content_download", "demo_request", "paid", "organic", "event")

DEFAULT_TOPICS: tuple[str, ...] = (
    "patient_engagement",
    "integration",
    "implementation",
    "compliance",
    "security",
    "scheduling",
    "revenue_cycle",
    "coding",
    "roi",
    "product",
)

# Which topics count as late-funnel intent: used by the default scoring and by the examples.
STRONG_INTENT_TOPICS: tuple[str, ...] = ("integration", "implementation", "security", "scheduling")


class Offer(Model):
    """A lead magnet or offer that brings leads in (guide, checklist, webinar, demo)."""

    id: Id
    name: str = Field(min_length=1)
    topic: Id
    content_type: str = "guide"


class Audience(Model):
    """The words a document may use; conditions, mixes and rates may only refer to these."""

    roles: tuple[Id, ...] = DEFAULT_ROLES
    segments: dict[Id, tuple[Id, ...]] = Field(default_factory=lambda: dict(DEFAULT_SEGMENTS))
    sources: tuple[Id, ...] = DEFAULT_SOURCES
    topics: tuple[Id, ...] = DEFAULT_TOPICS
    offers: tuple[Offer, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Audience:
        for name, values in (("roles", self.roles), ("sources", self.sources), ("topics", self.topics)):
            dup = sorted({v for v in values if values.count(v) > 1})
            if dup:
                raise ValueError(f"{name} lists {', '.join(dup)} more than once")
        ids = [o.id for o in self.offers]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"offer id {', '.join(dup)} is used more than once")
        clash = set(self.segments) & {"role", "source", "offer"}
        if clash:
            raise ValueError(f"segment name {', '.join(sorted(clash))} is reserved")
        return self

    def offer(self, offer_id: str) -> Offer | None:
        return next((o for o in self.offers if o.id == offer_id), None)

    def attribute_values(self) -> dict[str, tuple[str, ...]]:
        """Every lead attribute a condition or mix may name, with its allowed values."""
        values: dict[str, tuple[str, ...]] = {
            "role": self.roles,
            "source": self.sources,
            "offer": tuple(o.id for o in self.offers),
        }
        values.update(self.segments)
        return values
