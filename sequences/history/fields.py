"""The allowlist: the only lead and event fields an import may read, with their CRM column names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["key", "date", "category", "title", "reason", "event", "number"]


@dataclass(frozen=True)
class Field:
    """One canonical field; ``aliases`` are the CRM column headers it is auto-detected from."""

    name: str
    kind: Kind
    label: str
    aliases: tuple[str, ...]
    required: bool = False


LEAD_FIELDS: tuple[Field, ...] = (
    Field("lead_id", "key", "Lead id (hashed on import)",
          ("Record ID", "Contact ID", "Lead ID", "Id", "LeadId", "Lead Id", "ID"), required=True),
    Field("created", "date", "Created date",
          ("Create Date", "Created Date", "CreatedDate", "Create date", "Date Created"), required=True),
    Field("role", "category", "Role", ("Role", "Persona", "Buying Role", "Job Function")),
    Field("title", "title", "Job title (mapped to a role, never kept)", ("Job Title", "Title", "Job title")),
    Field("care_setting", "category", "Care setting",
          ("Care Setting", "Care_Setting__c", "Industry", "Organization Type", "Organisation Type")),
    Field("facility_size", "category", "Facility size",
          ("Facility Size", "Facility_Size__c", "Company Size", "Number of Beds", "Beds", "NumberOfEmployees",
           "Number of Employees")),
    Field("source", "category", "Source",
          ("Original Source", "Lead Source", "LeadSource", "Source", "Original Source Type")),
    Field("offer", "category", "Offer / lead magnet",
          ("Offer", "First Conversion", "Lead Magnet", "Lead_Magnet__c", "Offer__c", "First Conversion Event Name",
           "Campaign", "Primary Campaign", "Lead Source Detail")),
    Field("lifecycle_stage", "category", "Lifecycle stage",
          ("Lifecycle Stage", "lifecyclestage", "hs_lifecyclestage", "Stage")),
    # Where HubSpot and Salesforce record the sales decision: Unqualified / Closed - Not Converted is a rejection.
    Field("lead_status", "category", "Lead status (sales decision)",
          ("Lead Status", "hs_lead_status", "Status", "Lead status", "Lead_Status__c")),
    Field("mql_date", "date", "Became MQL",
          ("Became a Marketing Qualified Lead Date", "MQL Date", "MQL_Date__c", "MQL Date__c")),
    Field("sql_date", "date", "Became SQL (handoff)",
          ("Became a Sales Qualified Lead Date", "SQL Date", "SQL_Date__c", "Handoff Date", "SQL Date__c")),
    Field("accepted_date", "date", "Sales accepted",
          ("Sales Accepted Date", "Accepted Date", "Accepted_Date__c", "SAL Date", "SAL_Date__c",
           "Became a Sales Accepted Lead Date", "Date entered SAL", "Became an Opportunity Date",
           "ConvertedDate", "Converted Date")),
    Field("rejected_date", "date", "Sales rejected",
          ("Sales Rejected Date", "Rejected Date", "Rejected_Date__c", "Disqualified Date", "Unqualified Date",
           "Date Unqualified", "Recycled Date", "Rejected_Date")),
    Field("rejection_reason", "reason", "Rejection reason (mapped to a reason id, never kept)",
          ("Rejection Reason", "Rejected Reason", "Rejection_Reason__c", "Unqualified Reason",
           "Unqualified_Reason__c", "Disqualification Reason", "Disqualified Reason", "Lead Status Reason",
           "Reason Unqualified", "Recycle Reason", "Lost Reason")),
    # The team that works the lead, where the CRM records one (HubSpot Team; a queue): matched by name to the
    # scenario's sales queues. Never an owner column: an owner is a person.
    Field("sales_team", "category", "Sales team or queue (matched to the scenario's queues by name)",
          ("HubSpot Team", "Sales Team", "Sales Queue", "Lead Queue", "Queue", "Team", "Owner Queue",
           "Assigned Team")),
    Field("first_outreach", "date", "First sales outreach",
          ("First Outreach Date", "First Outreach", "First_Outreach__c", "Date of first engagement",
           "First Engagement Date", "First Activity Date", "First Call Date", "First Touch Date")),
)

EVENT_FIELDS: tuple[Field, ...] = (
    Field("lead_id", "key", "Lead id (hashed on import)",
          ("Record ID", "Contact ID", "Lead ID", "Id", "LeadId", "Lead Id", "ID", "WhoId"), required=True),
    Field("timestamp", "date", "When",
          ("Timestamp", "Event Date", "Date", "Created", "CreatedDate", "Activity Date", "Occurred At"),
          required=True),
    Field("event", "event", "Event type",
          ("Event Type", "Event", "Type", "Activity Type", "Interaction Type"), required=True),
    Field("topic", "category", "Topic", ("Topic", "Content Topic", "Campaign Topic", "Topic__c")),
)

LEAD_FIELD_NAMES = tuple(f.name for f in LEAD_FIELDS)
EVENT_FIELD_NAMES = tuple(f.name for f in EVENT_FIELDS)


def field_by_name(fields: tuple[Field, ...], name: str) -> Field:
    for item in fields:
        if item.name == name:
            return item
    raise KeyError(name)


# Headers that name personal data or free text. They are never mapped by auto-detection, and mapping
# one onto anything but the hashed key is refused: such a column's values would end up in a scenario.
_PERSONAL = re.compile(
    r"e-?mail|phone|mobile|\bfax\b|first\s*name|last\s*name|full\s*name|^name$|firstname|lastname|"
    r"address|street|\bcity\b|postal|\bzip\b|\bip\b|ip\s*address|linkedin|twitter|"
    r"note|comment|description|message|free\s*text|\bbio\b|birth|ssn|salary",
    re.IGNORECASE,
)


def personal_reason(header: str) -> str | None:
    """Why a header is personal data or free text (``None`` when it is not)."""
    match = _PERSONAL.search(header.strip())
    if match is None:
        return None
    word = match.group(0).lower()
    if "mail" in word:
        return "email address"
    if any(w in word for w in ("phone", "mobile", "fax")):
        return "phone number"
    if any(w in word for w in ("name",)):
        return "person's name"
    if any(w in word for w in ("address", "street", "city", "postal", "zip")) and "ip" not in word:
        return "postal address"
    if "ip" in word:
        return "IP address"
    if any(w in word for w in ("note", "comment", "description", "message", "text", "bio")):
        return "free-text notes"
    return "personal data"
