"""Column mapping: auto-detected for HubSpot and Salesforce exports, editable, saved and loaded."""

from __future__ import annotations

import json

import pytest

from sequences.history import ColumnMapping, HistoryError, HistoryImport, KeywordRule, KeywordRules, parse_date
from simulation.calibration import calibrate
from simulation.calibration.export_rows import write_leads


def test_hubspot_and_salesforce_exports_give_the_same_history(document, history, tmp_path):
    leads_csv, _, leads = history
    salesforce = tmp_path / "sf.csv"
    write_leads(salesforce, leads, flavour="salesforce", delimiter=";")
    hub, sf = HistoryImport(leads_csv), HistoryImport(salesforce)
    assert hub.mapping.active("leads")["created"] == "Create Date"
    assert sf.mapping.active("leads") == {
        "lead_id": "Id", "created": "CreatedDate", "title": "Title", "care_setting": "Care_Setting__c",
        "facility_size": "NumberOfEmployees", "source": "LeadSource", "offer": "Offer__c", "lead_status": "Status",
        "mql_date": "MQL_Date__c", "sql_date": "SQL_Date__c", "accepted_date": "ConvertedDate",
        "rejected_date": "Rejected_Date__c", "rejection_reason": "Unqualified Reason",
        "first_outreach": "First_Outreach__c"}
    a = [(r.role, r.care_setting, r.facility_size, r.source, r.offer, r.outcome, r.reason) for r in hub.leads()]
    b = [(r.role, r.care_setting, r.facility_size, r.source, r.offer, r.outcome, r.reason) for r in sf.leads()]
    assert a == b
    truth_roles = [lead.role for lead in leads]
    assert [x[0] for x in a] == truth_roles  # every synthetic job title maps back to its role
    one = {e.name: e.value for e in calibrate(document, leads_csv, name="a").estimates}
    two = {e.name: e.value for e in calibrate(document, salesforce, name="b").estimates}
    assert one == pytest.approx(two, rel=1e-3)  # HubSpot dates have minutes, Salesforce's seconds


def test_role_rules_are_editable_and_ordered():
    rules = KeywordRules([KeywordRule("Chief Medical|CMIO", "clinical_leadership"), KeywordRule("IT|CIO", "it")])
    assert rules.match("CMIO and Head of IT") == "clinical_leadership"
    assert rules.match("Director, IT") == "it"
    assert rules.match("Bitcoin trader") == "unknown"  # whole words only: no "it" inside "Bitcoin"


def test_an_edited_mapping_round_trips_and_changes_the_import(history, tmp_path):
    leads_csv = history[0]
    mapping = HistoryImport(leads_csv).mapping
    mapping.rules["title"] = KeywordRules([KeywordRule("CMIO|CIO", "executive")], "operations")
    mapping.leads["care_setting"] = ""  # do not read this column
    path = tmp_path / "mapping.json"
    mapping.save(path)
    loaded = ColumnMapping.load(path)
    assert loaded.to_json() == mapping.to_json()
    imported = HistoryImport(leads_csv, mapping=loaded)
    records = list(imported.leads())
    assert {r.role for r in records} == {"executive", "operations"}
    assert {r.care_setting for r in records} == {None}
    assert "Care Setting" in imported.privacy.dropped[str(leads_csv)]


@pytest.mark.parametrize("content, problem", [
    ("[1, 2]", "must be a JSON object"),
    ('{"leads": {"created": 3}}', "must map field names to column headers"),
    ('{"colour": {}}', "unknown key 'colour'"),
    ('{"leads": {"birthday": "DOB"}}', "not one of"),
    ('{"rules": {"title": {"rules": [{"pattern": ""}]}}}', "rules.title\\[0\\] needs"),
    ("{not json", "not valid JSON"),
])
def test_bad_mapping_files_are_explained(history, tmp_path, content, problem):
    path = tmp_path / "mapping.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HistoryError, match=problem):
        HistoryImport(history[0], mapping=ColumnMapping.load(path))


@pytest.mark.parametrize("text, expected", [
    ("2025-03-05", (2025, 3, 5, 0, 0)),
    ("2025-03-05 14:22", (2025, 3, 5, 14, 22)),
    ("2025-03-05T14:22:00.000Z", (2025, 3, 5, 14, 22)),
    ("2025-03-05T16:22:00+02:00", (2025, 3, 5, 14, 22)),
    ("03/05/2025 2:22 PM", (2025, 3, 5, 14, 22)),
    ("25/03/2025", (2025, 3, 25, 0, 0)),
    ("2025/03/05 14:22", (2025, 3, 5, 14, 22)),
    ("1741184520000", (2025, 3, 5, 14, 22)),
])
def test_crm_date_formats(text, expected):
    moment = parse_date(text)
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == expected


def test_mapping_json_is_plain_and_readable(history):
    data = HistoryImport(history[0], history[1]).mapping.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["events"] == {"lead_id": "Record ID", "timestamp": "Timestamp", "event": "Event Type",
                              "topic": "Topic"}


def test_lifecycle_stages_as_a_hubspot_ui_export_labels_them(document, tmp_path):
    # A UI export writes the stage's label ("Marketing Qualified Lead"), an API export its internal value; the
    # SQL rule's bare "Qualified" used to read every "Marketing Qualified Lead" as an SQL (MQL -> SQL 100%).
    from simulation.calibration.worlds import draw_world, generate_world, write_export

    rows = generate_world(draw_world(11), document)
    labels = {"lead": "Lead", "subscriber": "Subscriber", "marketingqualifiedlead": "Marketing Qualified Lead",
              "salesqualifiedlead": "Sales Qualified Lead", "opportunity": "Opportunity", "customer": "Customer"}
    internal, labelled = tmp_path / "api.csv", tmp_path / "ui.csv"
    write_export(internal, rows)
    write_export(labelled, [dict(r, **{"Lifecycle Stage": labels[r["Lifecycle Stage"]]}) for r in rows])
    assert {r["Lifecycle Stage"] for r in rows} >= {"lead", "marketingqualifiedlead", "salesqualifiedlead"}
    rules = ColumnMapping().rules["lifecycle_stage"]
    assert [rules.match(v) for v in labels.values()] == ["lead", "lead", "mql", "sql", "accepted", "accepted"]
    found = [{e.name: e.value for e in calibrate(document, path, name="x").estimates} for path in (internal, labelled)]
    assert found[0]["funnel.mql_to_sql"] < 0.6 and found[0] == found[1]


def test_hospital_buying_titles_read_as_procurement():
    # A hospital's buyers sit in materials management and value analysis as often as in "procurement".
    rules = ColumnMapping().rules["title"]
    titles = ("Senior Buyer", "Materials Manager", "Director of Materials Management", "Value Analysis Coordinator",
              "Contracting Manager", "Supply Chain Director")
    assert {t: rules.match(t) for t in titles} == dict.fromkeys(titles, "procurement")
