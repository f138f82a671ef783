"""HubSpot vocabulary shared by export and import: action type ids, properties and filter operators."""

from __future__ import annotations

DELAY = "0-1"
CREATE_TASK = "0-3"
SEND_EMAIL = "0-4"
SET_PROPERTY = "0-5"
WAIT_FOR_EVENT = "0-29"  # delay until an event happens, with expiration_minutes as the timeout
EVENT_MET = "hs_event_criteria_met"  # what a 0-29 reports: a STATIC_BRANCH on it ("true") tells the paths apart
# HubSpot's unified event types a wait-until-event waits for.
EVENT_TYPES = {"open": "4-666440", "click": "4-666288", "hand_raise": "4-1639801"}
FORM_SUBMISSION_EVENT = "4-1639801"

AB_PROPERTY = "nurture_ab_bucket"
# Which entry a lead came in by, when entries start in different places.
ENTRY_PROPERTY = "recent_conversion_event_name"
EXIT_PROPERTY = "nurture_exit_reason"
SCORE_PROPERTIES = {"intent": "nurture_intent_adjustment", "fit": "nurture_fit_adjustment"}
# What older exports branched on after a delay (read back on import only: any open/click/conversion ever).
EVENT_PROPERTIES = {
    "open": "hs_email_last_open_date", "click": "hs_email_last_click_date", "hand_raise": "recent_conversion_date",
}
DEFAULT_PROPERTIES = {"total": "hubspotscore", "fit": "nurture_fit_score", "intent": "nurture_intent_score"}
GOALS = {"sql": ("lifecyclestage", "salesqualifiedlead"), "opportunity": ("lifecyclestage", "opportunity"),
         "accepted": ("hs_lead_status", "OPEN_DEAL")}

NUMBER_OPS = {"eq": "IS_EQUAL_TO", "ne": "IS_NOT_EQUAL_TO", "gt": "IS_GREATER_THAN",
              "gte": "IS_GREATER_THAN_OR_EQUAL_TO", "lt": "IS_LESS_THAN", "lte": "IS_LESS_THAN_OR_EQUAL_TO"}
UNITS_MINUTES = {"MINUTES": 1, "HOURS": 60, "DAYS": 1440, "WEEKS": 10080}
