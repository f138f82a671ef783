"""Synthetic leads written as HubSpot or Salesforce would export them, personal columns included."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

TITLES: dict[str, tuple[str, ...]] = {
    "clinical_leadership": ("CMIO", "Chief Nursing Officer", "VP Clinical Operations", "Medical Director"),
    "it": ("CIO", "Director of IT", "Informatics Manager", "EHR Applications Analyst"),
    "privacy_security": ("CISO", "Privacy Officer", "Compliance Director"),
    "operations": ("Practice Manager", "Director of Patient Access", "Operations Manager"),
    "billing_rcm": ("Revenue Cycle Director", "Billing Manager", "Coding Supervisor"),
    "procurement": ("Procurement Manager", "Supply Chain Director"),
    "executive": ("CEO", "Chief Operating Officer", "President"),
}
CARE_SETTINGS = {"hospital_system": "Hospital / Health System", "ambulatory_group": "Ambulatory Medical Group",
                 "payer": "Health Plan", "digital_health": "Digital Health"}
SIZES = {"small": ("Small", "40"), "mid": ("Mid-size", "250"), "large": ("Large", "900"),
         "enterprise": ("Enterprise", "4,000")}
SOURCES = {"organic": "Organic Search", "paid": "Paid Search", "event": "Offline Sources", "webinar": "Webinar",
           "content_download": "Content Download", "demo_request": "Demo Request"}
REASONS = {"poor_fit": "Poor fit - too small", "no_evaluation_plan": "No evaluation plan this year",
           "wrong_contact": "Wrong contact"}
EVENT_NAMES = {"delivered": "EMAIL_DELIVERED", "open": "EMAIL_OPEN", "click": "EMAIL_CLICK", "form": "FORM_SUBMISSION",
               "demo": "DEMO_REQUEST", "reply": "EMAIL_REPLY", "unsubscribe": "UNSUBSCRIBED",
               "page_visit": "PAGE_VIEW", "webinar": "WEBINAR_ATTENDED"}

HUBSPOT = ("Record ID", "First Name", "Last Name", "Email", "Phone Number", "Create Date", "Job Title",
           "Care Setting", "Facility Size", "Original Source", "First Conversion", "Lifecycle Stage",
           "Became a Marketing Qualified Lead Date", "Became a Sales Qualified Lead Date", "Sales Accepted Date",
           "Sales Rejected Date", "Rejection Reason", "First Outreach Date", "IP Address", "Notes")
SALESFORCE = ("Id", "FirstName", "LastName", "Email", "Phone", "CreatedDate", "Title", "Care_Setting__c",
              "NumberOfEmployees", "LeadSource", "Offer__c", "Status", "MQL_Date__c", "SQL_Date__c",
              "ConvertedDate", "Rejected_Date__c", "Unqualified Reason", "First_Outreach__c", "Description")


@dataclass
class SyntheticLead:
    """One lead of a synthetic history, in ids; ``person`` holds the fake personal data written beside it."""

    lead_id: str
    created: datetime
    role: str
    care_setting: str
    facility_size: str
    source: str
    offer: str
    mql: datetime | None = None
    sql: datetime | None = None
    accepted: datetime | None = None
    rejected: datetime | None = None
    reason: str | None = None
    first_outreach: datetime | None = None
    person: dict[str, str] = field(default_factory=dict)
    title_index: int = 0

    def stage(self, salesforce: bool) -> str:
        if self.accepted:
            return "Closed - Converted" if salesforce else "opportunity"
        if self.rejected:
            return "Closed - Not Converted" if salesforce else "other"
        if self.sql:
            return "Working - Contacted" if salesforce else "salesqualifiedlead"
        if self.mql:
            return "Open - Not Contacted" if salesforce else "marketingqualifiedlead"
        return "Open - Not Contacted" if salesforce else "lead"


def _when(moment: datetime | None, salesforce: bool) -> str:
    if moment is None:
        return ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z") if salesforce else moment.strftime("%Y-%m-%d %H:%M")


def write_leads(path: str | Path, leads: list[SyntheticLead], flavour: str = "hubspot", delimiter: str = ",") -> None:
    salesforce = flavour == "salesforce"
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        out.writerow(SALESFORCE if salesforce else HUBSPOT)
        for lead in leads:
            p = lead.person
            titles = TITLES.get(lead.role, ("Analyst",))
            title = titles[lead.title_index % len(titles)]
            size = SIZES.get(lead.facility_size, ("", ""))[1 if salesforce else 0]
            reason = REASONS.get(lead.reason or "", lead.reason or "")
            common = [lead.lead_id, p.get("first", ""), p.get("last", ""), p.get("email", ""), p.get("phone", "")]
            middle = [_when(lead.created, salesforce), title, CARE_SETTINGS.get(lead.care_setting, ""), size,
                      SOURCES.get(lead.source, ""), lead.offer, lead.stage(salesforce),
                      _when(lead.mql, salesforce), _when(lead.sql, salesforce), _when(lead.accepted, salesforce),
                      _when(lead.rejected, salesforce), reason, _when(lead.first_outreach, salesforce)]
            tail = [p.get("notes", "")] if salesforce else [p.get("ip", ""), p.get("notes", "")]
            out.writerow(common + middle + tail)


def write_events(path: str | Path, events: list[tuple[str, datetime, str, str]], delimiter: str = ",") -> None:
    """``events`` are ``(lead_id, when, event id, topic label)``."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        out.writerow(("Record ID", "Timestamp", "Event Type", "Topic"))
        for lead_id, when, event, topic in events:
            out.writerow((lead_id, when.strftime("%Y-%m-%d %H:%M:%S"), EVENT_NAMES.get(event, event), topic))
