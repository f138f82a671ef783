"""Lead-history import from CRM exports (HubSpot, Salesforce): mapping, privacy, streaming. Stdlib only."""

from .dates import DateFormatError, parse_date
from .errors import HistoryError
from .fields import EVENT_FIELDS, LEAD_FIELDS, Field, personal_reason
from .importer import HistoryImport
from .mapping import ColumnMapping, detect
from .privacy import PrivacySummary, Pseudonymiser
from .records import EventRecord, LeadRecord
from .report import ImportReport
from .rules import KeywordRule, KeywordRules, default_value_rules, looks_personal, safe_id

__all__ = [
    "EVENT_FIELDS", "LEAD_FIELDS", "ColumnMapping", "DateFormatError", "EventRecord", "Field", "HistoryError",
    "HistoryImport", "ImportReport", "KeywordRule", "KeywordRules", "LeadRecord", "PrivacySummary",
    "Pseudonymiser", "default_value_rules", "detect", "looks_personal", "parse_date", "personal_reason",
    "safe_id",
]
