"""Tests for grading.checks.notes: labelled notes, units from minutes, org rules, messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from grading.checks.evaluation import agreement
from grading.checks.findings import issues
from grading.checks.notes import NoteRules, check_note, units_for_minutes
from grading.course.org import OrgProfile, default_org

ROOT = Path(__file__).resolve().parents[3]
CASES = YAML(typ="safe").load((ROOT / "tests/data/checkers/note_cases.yaml").read_text())["cases"]
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.95
ELEMENT_WORDS = {
    "date": "date",
    "time": "start and end time",
    "setting": "setting",
    "service_code": "service code",
    "units": "units",
    "goal": "goal",
    "intervention": "intervention",
    "response": "response",
    "plan": "plan",
    "signature": "signature",
    "credential": "credential",
}


def _codes(case: dict) -> set[str]:
    findings = check_note(
        case["note"], NoteRules(**case.get("rules", {})), previous_notes=case.get("previous", [])
    )
    return {finding.code for finding in issues(findings)}


def test_enough_labelled_notes_good_and_flawed():
    """Are there at least 30 labelled notes, with good ones and flawed ones?"""
    assert len(CASES) >= 30
    assert sum(1 for case in CASES if not case["expected"]) >= 8
    assert sum(1 for case in CASES if case["expected"]) >= 20


def test_precision_and_recall_on_labelled_notes():
    """Does the note checker agree with the supervisor labels at least at the floors?"""
    result = agreement((set(case["expected"]), _codes(case)) for case in CASES)
    assert result.precision >= PRECISION_FLOOR, result
    assert result.recall >= RECALL_FLOOR, result


@pytest.mark.parametrize("case", [c for c in CASES if not c["expected"]], ids=lambda c: c["id"])
def test_good_notes_pass(case):
    """Does a complete, peer-language note pass with no issues?"""
    assert _codes(case) == set()


def test_every_missing_element_finding_names_the_element_and_a_fix():
    """Does each missing-element finding name the element and say how to fix it?"""
    seen = set()
    for case in CASES:
        findings = check_note(case["note"], NoteRules(**case.get("rules", {})))
        for finding in issues(findings):
            assert finding.fix and finding.why and finding.where.startswith("your note")
            element = finding.code.removeprefix("note:missing:")
            if element in ELEMENT_WORDS:
                assert ELEMENT_WORDS[element] in finding.what.lower(), finding
                seen.add(element)
    assert seen == set(ELEMENT_WORDS)


@pytest.mark.parametrize(
    ("minutes", "units"), [(0, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (45, 3), (53, 4)]
)
def test_units_follow_the_eight_minute_rule(minutes, units):
    """Do 15-minute units with an 8-minute minimum give the expected units?"""
    assert units_for_minutes(minutes) == units


def test_rules_come_from_the_organization_profile():
    """Do unit size, minimum, cap, code and format come from the org profile?"""
    assert NoteRules.from_org(default_org()) == NoteRules()
    org = OrgProfile(
        unit_minutes=30,
        min_minutes_for_unit=16,
        daily_unit_cap=4,
        service_code="H2015",
        note_format="DAP",
    )
    rules = NoteRules.from_org(org)
    assert (rules.unit_minutes, rules.min_minutes_for_unit, rules.daily_unit_cap) == (30, 16, 4)
    assert (rules.service_code, rules.note_format) == ("H2015", "DAP")
    assert (units_for_minutes(45, rules), units_for_minutes(46, rules)) == (1, 2)


def test_group_code_and_modifier_come_from_the_organization_profile():
    """Is a group contact checked against the org's group code and modifier, and only a group?"""
    rules = NoteRules.from_org(OrgProfile(group_service_code="H2016", group_modifier="UN"))
    group = next(case["note"] for case in CASES if case["id"] == "good-group-note")
    findings = issues(check_note(group, rules))
    assert [f.code for f in findings] == ["note:wrong:service_code"]
    assert "H2016 UN" in findings[0].fix
    fixed = group.replace("H0038 HQ", "H2016-UN")
    assert issues(check_note(fixed, rules)) == []
    assert [f.code for f in issues(check_note(fixed.replace("H2016-UN", "H2016"), rules))] == [
        "note:missing:group_modifier"
    ]
    no_modifier = NoteRules(group_modifier="")
    individual = CASES[0]["note"]
    assert issues(check_note(individual, no_modifier)) == []


def test_units_message_shows_the_arithmetic():
    """Does a units finding say what was billed, for how many minutes, and what to bill?"""
    note = next(c["note"] for c in CASES if c["id"] == "units-too-many")
    (finding,) = [f for f in check_note(note) if f.code == "note:wrong:units"]
    assert finding.what == "4 unit(s) billed for 45 minutes; the rule gives 3"
    assert "15-minute units" in finding.why and "8 minutes" in finding.why
    assert finding.fix == "Bill 3 unit(s)."


def test_time_ranges_and_dates_in_several_spellings():
    """Are '1:30 - 2:15 PM', 'June 3, 2026' and '2026-06-03' all understood?"""
    base = "Setting: by phone\nService: H0038 Units: 3\nG: goal two\nI: shared my story\n"
    tail = "R: said it helped\nP: call Monday\nSignature: A. Lee, CPS"
    for header in (
        "Date: June 3, 2026\nTime: 1:30 - 2:15 PM",
        "Date: 2026-06-03\nTime: 13:30-14:15",
    ):
        assert issues(check_note(f"{header}\n{base}{tail}")) == []


GENERIC_NOTE = """Date: 03/02/2026   Start: 1:00 PM   End: 1:50 PM
Setting: home visit
Service: H0038   Units: 3
G: Provided peer support.
I: Provided peer support.
R: Member tolerated well.
P: Continue peer support.
Signature: Sam Rivera, CPRS
"""


def test_a_cloned_generic_note_is_flagged_with_what_to_write():
    """Does "Provided peer support. Member tolerated well." fail, each element saying why?"""
    found = {f.code: f for f in issues(check_note(GENERIC_NOTE, NoteRules()))}
    for element in ("goal", "intervention", "response"):
        finding = found[f"note:missing:specific_{element}"]
        assert "specific to this contact" in finding.what and "Write" in finding.fix


def test_a_specific_note_in_the_same_shape_passes():
    """Does the same note pass once each section names this contact?"""
    specific = GENERIC_NOTE.replace(
        "G: Provided peer support.", 'G: "Keep my appointments" (plan goal 1)'
    )
    specific = specific.replace(
        "I: Provided peer support.", "I: Shared how a phone reminder helped me; explored rides."
    )
    specific = specific.replace(
        "R: Member tolerated well.", 'R: He said "the bus is the problem" and chose a ride.'
    )
    assert issues(check_note(specific, NoteRules())) == []


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("She seems manic and probably bipolar.", "diagnoses"),
        ("I told her to talk to her doctor about lithium.", "recommends a medication"),
        ("Told him halving the pill is probably fine.", "splitting"),
    ],
)
def test_diagnoses_and_medication_advice_by_the_peer_are_flagged(line, what):
    """Is a diagnosis or medication advice written into the note flagged as out of scope?"""
    note = GENERIC_NOTE.replace("I: Provided peer support.", f"I: Listened. {line}")
    scope = [f for f in check_note(note, NoteRules()) if f.code == "note:wording:scope"]
    assert scope and what in scope[0].what and "peer role" in scope[0].why


def test_transport_and_waiting_billed_as_units_are_flagged_but_support_on_the_way_is_not():
    """Is 'drove him and waited in the car' for 8 units non-billable, unlike support en route?"""
    note = GENERIC_NOTE.replace("Units: 3", "Units: 3").replace(
        "I: Provided peer support.", "I: Drove him to the lab and waited in the car."
    )
    codes = {f.code for f in check_note(note, NoteRules())}
    assert "note:wrong:units:non_billable" in codes
    en_route = note.replace(
        "I: Drove him to the lab and waited in the car.",
        "I: Drove him to the lab; on the way shared how I cope with needles and we practised"
        " slow breathing.",
    )
    assert "note:wrong:units:non_billable" not in {f.code for f in check_note(en_route)}
