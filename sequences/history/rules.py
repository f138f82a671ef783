"""Editable keyword rules that turn free text (job titles, rejection reasons, event names) into ids."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .errors import HistoryError

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
_PHONE = re.compile(r"(?:\+?\d[\s().-]*){7,}")
_IPV4 = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")
_IPV6 = re.compile(r"\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b", re.IGNORECASE)


def looks_personal(text: str) -> bool:
    """A value that looks like an email address, phone number or IP address is never kept as an id."""
    return bool(_EMAIL.search(text) or _PHONE.search(text) or _IPV4.search(text) or _IPV6.search(text))


def safe_id(text: str) -> str:
    """A value as an id (``Hospital / Health System`` -> ``hospital_health_system``); personal-looking,
    long or empty values become ``other`` so free text and personal data never reach a document."""
    text = text.strip()
    if not text or len(text) > 60 or looks_personal(text):
        return "other"
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")
    if not slug or len(slug.split("_")) > 6:
        return "other"
    return slug if slug[0].isalpha() else "v_" + slug


@dataclass(frozen=True)
class KeywordRule:
    """``pattern`` is ``|``-separated keywords matched as whole words, case-insensitive."""

    pattern: str
    value: str

    def regex(self) -> re.Pattern[str]:
        words = [re.escape(w.strip()) for w in self.pattern.split("|") if w.strip()]
        return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(words) + r")(?![A-Za-z0-9])", re.IGNORECASE)


@dataclass
class KeywordRules:
    """First matching rule wins; text no rule matches gets ``fallback`` (``""``: the text's own id)."""

    rules: list[KeywordRule] = field(default_factory=list)
    fallback: str = "unknown"

    def __post_init__(self) -> None:
        # Values become ids in a document, so they are made safe ids ("clinical leadership" -> clinical_leadership).
        self._compiled = [(r.regex(), safe_id(r.value)) for r in self.rules]
        self._cache: dict[str, str] = {}

    def match(self, text: str) -> str:
        hit = self._cache.get(text)
        if hit is None:
            # EMAIL_OPEN, PAGE_VIEW: CRM constants read like words; "Médical" matches "Medical".
            spaced = "".join(c for c in unicodedata.normalize("NFKD", text.replace("_", " "))
                             if not unicodedata.combining(c))
            hit = next((value for regex, value in self._compiled if regex.search(spaced)), None)
            if hit is None:
                hit = self.fallback or safe_id(text)
            # Titles repeat a lot; the cap keeps memory bounded, and personal-looking text is never kept.
            if len(self._cache) < 50_000 and not looks_personal(text):
                self._cache[text] = hit
        return hit

    def values(self) -> set[str]:
        """The ids these rules can give without copying the text itself (their values and the fallback)."""
        return {value for _, value in self._compiled} | ({safe_id(self.fallback)} if self.fallback else set())

    def to_json(self) -> dict:
        return {"rules": [{"pattern": r.pattern, "value": r.value} for r in self.rules], "fallback": self.fallback}

    @classmethod
    def from_json(cls, data: object, name: str, file: str | None = None) -> KeywordRules:
        table = data if isinstance(data, dict) else {}
        ok = isinstance(data, dict) and isinstance(table.get("rules", []), list)
        rules: list[KeywordRule] = []
        for i, item in enumerate(table.get("rules", []) if ok else []):
            if not (isinstance(item, dict) and isinstance(item.get("pattern"), str)
                    and isinstance(item.get("value"), str) and item["pattern"].strip() and item["value"].strip()):
                raise HistoryError(f"{name}[{i}] needs a non-empty 'pattern' and 'value'", file=file)
            rules.append(KeywordRule(item["pattern"], item["value"]))
        if not ok:
            raise HistoryError(f"'{name}' must be an object with a list of rules", file=file)
        return cls(rules, str(table.get("fallback", "unknown")))


def _rules(pairs: list[tuple[str, str]], fallback: str) -> KeywordRules:
    return KeywordRules([KeywordRule(p, v) for p, v in pairs], fallback)


def default_role_rules() -> KeywordRules:
    # Order matters: "Chief Information Security Officer" is security before it is IT.
    return _rules([
        ("Privacy|Security|CISO|Compliance|HIPAA|Risk", "privacy_security"),
        ("Revenue Cycle|Billing|Coding|RCM|Patient Financial|Coder|Reimbursement", "billing_rcm"),
        ("CMIO|CNIO|CMO|Chief Medical|Chief Nursing|CNO|Nursing|Physician|Medical Director|Clinical|Nurse|"
         "Quality", "clinical_leadership"),
        ("CIO|CTO|IT|Informatics|Information Technology|Information Systems|Applications|EHR|Interoperability|"
         "Integration|Systems|Infrastructure|Developer|Engineer|Architect", "it"),
        ("Procurement|Purchasing|Supply Chain|Sourcing|Contracts|Contracting|Vendor|Buyer|Materials|Value Analysis",
         "procurement"),
        ("CEO|COO|CFO|President|Chief Executive|Executive|Chief Operating|Chief Financial|Founder|Owner|Board|EVP|SVP",
         "executive"),
        ("Operations|Practice Manager|Administrator|Scheduling|Access|Patient Experience|Front Desk|Director|"
         "Manager", "operations"),
    ], "unknown")


def default_reason_rules() -> KeywordRules:
    return _rules([
        ("wrong contact|wrong person|not the right|not decision|no authority|student|duplicate", "wrong_contact"),
        ("poor fit|bad fit|not a fit|no fit|too small|out of region|not icp|wrong segment|competitor", "poor_fit"),
        ("no evaluation|no plan|no project|no budget|timing|not now|next year|no need|no timeline|nurture",
         "no_evaluation_plan"),
        ("no response|unresponsive|no answer|ghost|unreachable|bounced", "no_response"),
    ], "other")


def default_event_rules() -> KeywordRules:
    return _rules([
        ("unsubscribe|unsubscribed|opt out|optout", "unsubscribe"),
        ("sent|delivered|email sent|email delivered|processed", "delivered"),
        ("open|opened|email open", "open"),
        ("click|clicked|email click|link click", "click"),
        ("webinar|attended|event attended", "webinar"),
        ("demo|demo request|meeting booked|meeting", "demo"),
        ("reply|replied|email reply", "reply"),
        ("form|form submission|submission|needs form|contact us", "form"),
        ("page visit|page view|pageview|visit|web visit|site visit", "page_visit"),
    ], "other")


def default_care_setting_rules() -> KeywordRules:
    return _rules([
        ("Hospital|Health System|Healthcare System|IDN|Medical Center|Academic Medical|Hospitals", "hospital_system"),
        ("Ambulatory|Clinic|Physician Group|Medical Group|Practice|Outpatient|Urgent Care", "ambulatory_group"),
        ("Payer|Health Plan|Insurer|Insurance|Managed Care", "payer"),
        ("Digital Health|Telehealth|Healthtech|Health Tech|Startup|Software", "digital_health"),
    ], "")


def default_facility_size_rules() -> KeywordRules:
    # Numbers (beds or employees, or the first number of a range like "201-500") are banded by
    # ``facility_band``; these words catch CRMs that export the band itself.
    return _rules([
        ("small|smb|micro", "small"),
        ("mid|medium|mid-market|midsize|mid-size", "mid"),
        ("enterprise|idn|strategic", "enterprise"),
        ("large", "large"),
    ], "")


FACILITY_BANDS: tuple[tuple[float, str], ...] = ((100, "small"), (500, "mid"), (2000, "large"))


_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)"
_RANGE = re.compile(r"^\s*(?:(?P<under>under|less than|<)\s*)?" + _NUMBER.replace("(", "(?P<low>", 1) +
                    r"\s*(?:(?:-|\u2013|\u2014|to)\s*" + _NUMBER.replace("(", "(?P<high>", 1) +
                    r"|(?P<plus>\+|or more|and above))?\s*(?:employees|beds|staff|people)?\s*$", re.IGNORECASE)


def numeric_range(text: str) -> tuple[float, float | None] | None:
    """``"51-200"`` -> (51, 200), ``"1,000+"`` -> (1000, None), ``"350"`` -> (350, 350), ``"<50"`` -> (0, 50);
    ``None`` for anything else. A CRM's size ranges look like phone numbers to a digit-counting regex."""
    match = _RANGE.match(text)
    if match is None:
        return None
    low = float(match.group("low").replace(",", ""))
    if match.group("under"):
        return (0.0, low) if not match.group("high") and not match.group("plus") else None
    if match.group("plus"):
        return low, None
    if match.group("high"):
        high = float(match.group("high").replace(",", ""))
        return (low, high) if low <= high <= 10_000_000 else None
    return low, low


def facility_band(text: str) -> str | None:
    """``"350"``, ``"201-1000"`` (by its midpoint) or ``"1,000+"`` (by its floor) -> a size band; ``None``
    when the text is not a number or a range of numbers."""
    found = numeric_range(text)
    if found is None:
        match = re.search(r"\d[\d,]*", text)
        if match is None or looks_personal(text):
            return None
        found = (float(match.group(0).replace(",", "")), None)
    low, high = found
    number = low if high is None else (low + high) / 2
    return next((band for limit, band in FACILITY_BANDS if number < limit), "enterprise")


def default_source_rules() -> KeywordRules:
    # Labels are mapped onto the document's vocabulary only where they mean the same thing; any other
    # label keeps its own id ("Email Marketing" -> email_marketing), so distinct sources are never merged.
    return _rules([
        ("Demo|Demo Request|Contact Sales|Trial", "demo_request"),
        ("Webinar", "webinar"),
        ("Paid Social", "paid_social"),
        ("Paid|Paid Search|PPC|Advertisement|Ads|Display|Google Ads|AdWords", "paid"),
        ("Trade Show|Conference|Field Event|Event|Events", "event"),
        ("Content|Download|Ebook|E-book|Guide|Whitepaper|White Paper|Checklist", "content_download"),
        ("Organic Search|Organic|SEO", "organic"),
    ], "")


def default_stage_rules() -> KeywordRules:
    # HubSpot lifecycle stages (internal values and the labels a UI export writes: "Marketing Qualified Lead")
    # and Salesforce lead statuses, reduced to how far the lead got. The MQL rule comes before the SQL rule's
    # bare "Qualified", which would read "Marketing Qualified Lead" as an SQL.
    return _rules([
        ("Unqualified|Not Converted|Rejected|Disqualified|Closed Lost|Recycled", "rejected"),
        ("Opportunity|Customer|Evangelist|Converted|Accepted|Sales Accepted|SAL", "accepted"),
        ("Not Contacted", "lead"),
        ("marketingqualifiedlead|Marketing Qualified|MQL", "mql"),
        ("salesqualifiedlead|Sales Qualified|SQL|Qualified|Working|Contacted", "sql"),
        ("lead|subscriber|Open|Not Contacted|New|other", "lead"),
    ], "lead")


def default_status_rules() -> KeywordRules:
    # HubSpot Lead Status (hs_lead_status) and Salesforce Lead Status, reduced to the sales decision.
    # Order matters: "Open - Not Contacted" is still open, "Open deal" is accepted.
    return _rules([
        ("Bad timing|Not now|Timing", "bad_timing"),
        ("Unqualified|Disqualified|Not Converted|Rejected|Closed Lost|Lost|Junk|Recycled|Recycle|Recycling|Nurture|"
         "Nurturing",
         "rejected"),
        ("Open deal|Converted|Opportunity|Accepted|Sales Accepted|SAL|Connected|In progress|Qualified",
         "accepted"),
        ("Not Contacted|New|Open", "open"),
        ("Attempted to contact|Attempting|Working|Contacted", "working"),
    ], "open")


STATUS_DECISIONS = {"accepted": "accepted", "rejected": "rejected", "bad_timing": "rejected"}


def default_topic_rules() -> KeywordRules:
    return _rules([
        ("Integration|EHR|Interoperability|API|HL7|FHIR|Epic|Cerner", "integration"),
        ("Implementation|Onboarding|Rollout|Go-live|Go live", "implementation"),
        ("Security|Cyber|Privacy", "security"),
        ("Compliance|HIPAA|Regulatory", "compliance"),
        ("Scheduling|Appointment|No-show|No show", "scheduling"),
        ("Revenue Cycle|RCM|Billing|Claims|Denials", "revenue_cycle"),
        ("Coding|CDI", "coding"),
        ("ROI|Business Case|Cost|Savings", "roi"),
        ("Patient Engagement|Engagement|Outreach|Reminders", "patient_engagement"),
        ("Product|Demo|Pricing|Features", "product"),
    ], "")


def default_value_rules() -> dict[str, KeywordRules]:
    """The editable rules by field: ``title`` (job title -> role), ``rejection_reason`` and the rest."""
    return {
        "title": default_role_rules(),
        "role": default_role_rules(),
        "rejection_reason": default_reason_rules(),
        "care_setting": default_care_setting_rules(),
        "facility_size": default_facility_size_rules(),
        "source": default_source_rules(),
        "lifecycle_stage": default_stage_rules(),
        "lead_status": default_status_rules(),
        "event": default_event_rules(),
        "topic": default_topic_rules(),
        "offer": KeywordRules([], ""),
    }
