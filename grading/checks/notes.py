"""Check a peer progress note: required elements, format sections, wording, and billing units.

    >>> codes = [f.code for f in check_note("G: housing\\nP: call Thursday")]
    >>> "note:missing:date" in codes
    True

Every finding names the missing or wrong element and how to fix it. The billing rules (unit
minutes, the fewest minutes for a unit, the daily cap, the service code, the note format and the
deadline) come from the organization profile through `NoteRules.from_org`; the defaults are a
common Medicaid pattern (15-minute units, at least 8 minutes for a unit, H0038, GIRP).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from grading.checks.findings import Finding
from grading.checks.language import check_language
from grading.checks.note_parts import NoteParts, parse_date, parse_note, session_minutes
from grading.course.org import active_profile
from simulator.coding.peer_codes import scope_violation

#: Sections of each supported note format, in order.
FORMAT_SECTIONS: dict[str, tuple[str, ...]] = {
    "GIRP": ("goal", "intervention", "response", "plan"),
    "BIRP": ("behaviour", "intervention", "response", "plan"),
    "DAP": ("data", "assessment", "plan"),
    "SOAP": ("subjective", "objective", "assessment", "plan"),
}
_SECTION_HINTS = {
    "goal": "the goal from the person's own plan this contact worked on",
    "behaviour": "what the person said and did in the session, described without judgement",
    "data": "what happened and what the person said, in plain facts",
    "subjective": "what the person said, in their own words where useful",
    "objective": "what you saw and did, as facts",
    "assessment": "what the contact meant for the person's goal, without diagnosing",
    "intervention": "what you did as a peer: shared experience, explored options, connected them",
    "response": "how the person responded, in their own words where useful",
    "plan": "the next step and who does it, and when",
}


@dataclass(frozen=True)
class NoteRules:
    """The billing and format rules a note is checked against."""

    note_format: str = "GIRP"
    service_code: str = "H0038"
    group_service_code: str = "H0038"
    group_modifier: str = "HQ"
    unit_minutes: int = 15
    min_minutes_for_unit: int = 8
    daily_unit_cap: int = 16
    note_deadline_days: int = 2
    people_served: str = "person"

    @classmethod
    def from_org(cls, org: Any) -> NoteRules:
        """Rules from an organization profile (`grading.course.org.OrgProfile`), else defaults."""
        values = {
            name: getattr(org, name) for name in cls.__dataclass_fields__ if hasattr(org, name)
        }
        values["people_served"] = str(values.get("people_served", cls.people_served))
        return cls(**values)


def units_for_minutes(minutes: int, rules: NoteRules | None = None) -> int:
    """Billable units for `minutes`: whole units, plus one for a remainder of at least the minimum.

    With 15-minute units and an 8-minute minimum: 7 min → 0, 8–22 → 1, 23–37 → 2, 38–52 → 3.
    The daily cap is not applied here (it is per day, not per note). Without `rules`, the
    course's organization profile (`active_profile`) gives them.
    """
    rules = rules or NoteRules.from_org(active_profile())
    whole, remainder = divmod(max(minutes, 0), rules.unit_minutes)
    return whole + (1 if remainder >= rules.min_minutes_for_unit else 0)


# (pattern, what it is, why it matters, how to fix) for clinical and judgemental wording.
_WORDING: tuple[tuple[str, str, str, str], ...] = (
    (
        r"\bpatients?\b",
        "clinical",
        "Peer notes describe a person, not a patient; the word puts you in a clinical role.",
        "Use '{people}' or the person's name.",
    ),
    (
        r"\bdiagnos(?:e|ed|es|ing|is)\b",
        "clinical",
        "Peers do not diagnose; a diagnosis in your note reads as if you made one.",
        "Describe what the person said or did, and leave diagnosis to the clinical record.",
    ),
    (
        r"\bassess(?:ed|es|ing)\b|\bmental\s+status\b|\b(?:presents|presented)\s+(?:as|with)\b",
        "clinical",
        "Assessing and mental-status language belongs to clinicians, not to peer notes.",
        "Write what you noticed in plain words, e.g. 'said she slept better this week'.",
    ),
    (
        r"\b(?:affect|mood)\s+(?:was|is|appeared|seemed)\b|\b(?:flat|blunted|labile)\s+affect\b",
        "clinical",
        "Rating mood or affect is a clinical assessment outside the peer role.",
        "Quote how the person described their own mood, or describe what they did.",
    ),
    (
        r"\b(?:provided|conducted|delivered)\s+(?:therapy|counsel(?:l)?ing|psychotherapy|treatment)"
        r"\b|\bcounsel(?:l)?ed\b|\btherapeutic\s+(?:interventions?|sessions?)\b|\btreated\b",
        "clinical",
        "Peer support is not therapy or treatment; saying so misstates the service you billed.",
        "Name the peer intervention: shared experience, explored options, supported, connected.",
    ),
    (
        r"\bdenie[sd]\b",
        "clinical",
        "'Denies' is chart language that sounds like the person is hiding something.",
        "Write what the person said, e.g. 'said she has no thoughts of hurting herself'.",
    ),
    (
        r"\bclaim(?:s|ed)\b|\badmit(?:s|ted)\b|\b(?:refus(?:es|ed|ing))\b",
        "judgemental",
        "These words suggest the person is lying or defiant, which is an opinion, not a fact.",
        "Use neutral verbs: 'said', 'reported', 'decided not to'.",
    ),
    (
        r"\b(?:uncooperative|resistant|unmotivated|lazy|whin(?:ed|ing|y)|dramatic|hostile|"
        r"inappropriate(?:ly)?|complain(?:s|ed|ing)?)\b|\b(?:poor|no|lacks?|limited)\s+insight\b",
        "judgemental",
        "A label for the person's character or attitude is an opinion written as a fact.",
        "Describe what happened and what the person said, and leave judgement out.",
    ),
    (
        r"\b(?:obviously|clearly)\b",
        "judgemental",
        "'Obviously' and 'clearly' present your opinion as a fact.",
        "State only what you saw or heard, or write 'I wondered whether…'.",
    ),
)
_WORDING_PATTERNS = tuple(
    (re.compile(pattern, re.IGNORECASE), kind, why, fix) for pattern, kind, why, fix in _WORDING
)

_SERVICE_CODE = re.compile(r"\b([A-Z]\d{4})(?:[-\s]?([A-Z][A-Z0-9]))?\b")
#: A group contact: said in the setting or service line, or as a group session in the narrative.
_GROUP_FIELD = re.compile(r"\bgroups?\b", re.IGNORECASE)
_GROUP_NARRATIVE = re.compile(
    r"\bgroup\s+(?:session|meeting)\b|\b(?:\d+|several)\s+(?:group\s+)?(?:participants|members)\b",
    re.IGNORECASE,
)
_UNITS = re.compile(
    r"\bunits?(?:\s+billed)?\s*[:=]\s*(\d+)\b|\b(\d+)\s+(?:billable\s+)?units?\b", re.IGNORECASE
)
_DURATION = re.compile(r"\b(\d+)\s*(?:min(?:ute)?s?)\b", re.IGNORECASE)
_SETTING_WORDS = re.compile(
    r"\b(?:in[-\s]person|by\s+(?:tele)?phone|over\s+the\s+phone|phone\s+call|via\s+(?:video|zoom|"
    r"telehealth)|telehealth|video\s+call|home\s+visit|community|office|clinic|recovery\s+cent(?:er|"
    r"re)|drop-in\s+cent(?:er|re)|library|caf[eé]|park|hospital|emergency\s+department|shelter|"
    r"(?:her|his|their)\s+(?:home|apartment)|residence|inpatient\s+unit|warm\s+line)\b",
    re.IGNORECASE,
)
_CREDENTIAL = re.compile(
    r"\b(?:CPS|CPSS|CPRS|CRPS|CRSS|PRS|CRS|CARC|CPRC|CPRSS|NCPRSS|CPSW|PSW|CRC|PRC|PSS|CPSP|CRPA|"
    r"CFPSS|CCAR|CPC|(?i:peer\s+(?:support\s+|recovery\s+)?specialist|recovery\s+(?:coach|"
    r"specialist|support\s+specialist)|certified\s+peer\s+\w+))\b",
)
_INTERVENTION_WORDS = re.compile(
    r"\b(?:shared|explored|supported|encouraged|connected|linked|listened|reflected|helped|"
    r"accompanied|role-?played|discussed|problem-?solved|reviewed|offered|modell?ed|practi[cs]ed|"
    r"affirmed|validated|walked|called|advocated|brainstormed|planned\s+together|went\s+with)\b",
    re.IGNORECASE,
)
_RESPONSE_WORDS = re.compile(
    r"\b(?:said|stated|shared\s+that|reported|responded|agreed|expressed|identified|decided|"
    r"chose|described|named|laughed|smiled)\b|[\"“]",
    re.IGNORECASE,
)
_GOAL_WORDS = re.compile(r"\bgoals?\b", re.IGNORECASE)


# Boilerplate that fits every contact ("Provided peer support. Member tolerated well. Continue
# peer support."): a section made only of these names nothing about this contact.
_BOILERPLATE = re.compile(
    r"\b(?:provided|offered|gave|rendered|delivered)\s+(?:peer\s+)?(?:support(?:ive)?"
    r"|services?|encouragement|listening)(?:\s+services?)?|\btolerated\s+(?:\w+\s+)?well"
    r"|\bcontinue(?:s|d)?\s+(?:with\s+)?(?:peer\s+support|services|(?:the\s+)?(?:current\s+)?plan"
    r"|to\s+(?:support|monitor|meet|work|engage|follow))|\bwill\s+continue\b"
    r"|\b(?:was|were|is)\s+(?:engaged|receptive|cooperative|pleasant|appropriate|open)"
    r"|\bparticipated(?:\s+in\s+(?:the\s+)?session)?|\bdiscussed\s+(?:goals?|progress|issues"
    r"|concerns|recovery|plan)|\bworked\s+on\s+goals?|\bprogress\s+(?:noted|toward\s+goals?)"
    r"|\bno\s+(?:issues|concerns|changes)(?:\s+noted)?|\bas\s+needed|\bongoing|\bcheck(?:ed)?"
    r"[-\s]in|\bsupportive\s+listening|\bgoals?\s+(?:were\s+)?(?:addressed|reviewed|discussed)"
    r"|\bplan\s+remains|\bfollow[-\s]up|\brecovery\s+goals?|\bwellness|\bstability",
    re.IGNORECASE,
)
_FILLER_WORDS = frozenset(
    re.findall(
        r"\S+",
        """a an and the of to for with in on at as by was were is be been will well today this that
        it its his her their him them he she they member client person consumer participant peer
        support supported session contact services service goal goals plan staff writer needs
        needed continue continued per during also any all same usual""",
    )
)
_PLAN_GOAL_NUMBER = re.compile(
    r"\bgoal\s*(?:#|no\.?\s*)?(?:\d+|one|two|three|four|five|six)\b", re.IGNORECASE
)
_WORD = re.compile(r"[a-z][a-z'-]+|\d+|\"", re.IGNORECASE)
# Time that is not peer support (transport, waiting, social time) and what makes it support.
_NON_BILLABLE = re.compile(
    r"\b(?:drove|driving|drive|gave\s+(?:him|her|them)\s+a\s+ride|transport(?:ed|ation)?"
    r"|picked\s+(?:him|her|them)\s+up|dropped\s+(?:him|her|them)\s+off|waited|waiting|sat\s+in"
    r"\s+the\s+car|(?:had|ate|got)\s+(?:lunch|coffee|dinner|breakfast)|watched\s+(?:tv|a\s+movie"
    r"|television)|played\s+(?:cards|pool|games?|video\s+games)|hung\s+out|socializ(?:ed|ing))\b",
    re.IGNORECASE,
)


def _finding(code: str, what: str, where: str, why: str, fix: str) -> Finding:
    return Finding(what=what, where=where, why=why, fix=fix, code=code)


def _missing(element: str, what: str, where: str, why: str, fix: str) -> Finding:
    return _finding(f"note:missing:{element}", what, where, why, fix)


def _check_date_and_times(parts: NoteParts, rules: NoteRules, where: str) -> list[Finding]:
    findings = []
    if parse_date(parts.fields.get("date") or parts.text) is None:
        findings.append(
            _missing(
                "date",
                "The date of service is missing",
                where,
                "A note without a date cannot be billed or matched to the visit.",
                "Add a line such as 'Date: 03/14/2026'.",
            )
        )
    times = session_minutes(parts)
    if times is None:
        findings.append(
            _missing(
                "time",
                "The start and end time are missing",
                where,
                "Units are worked out from the minutes between start and end.",
                "Add 'Start: 10:05 AM' and 'End: 10:50 AM' (or 'Time: 10:05–10:50 AM').",
            )
        )
        return findings + _check_units(parts, None, rules, where)
    start, end = times
    if end <= start:
        findings.append(
            _finding(
                "note:wrong:time",
                "The end time is not after the start time",
                where,
                "The session length, and so the units, cannot be worked out.",
                "Check both times and add AM or PM.",
            )
        )
        return findings
    minutes = end - start
    stated = _DURATION.search(parts.fields.get("duration", ""))
    if stated and abs(int(stated[1]) - minutes) > 1:
        findings.append(
            _finding(
                "note:wrong:duration",
                f"The note says {stated[1]} minutes, but {_hhmm(start)}–{_hhmm(end)} is {minutes}",
                where,
                "Auditors compare the stated length with the times.",
                "Correct the times or the minutes so they agree.",
            )
        )
    findings += _check_units(parts, minutes, rules, where)
    return findings


def _hhmm(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'PM' if hour >= 12 else 'AM'}"


def _check_units(
    parts: NoteParts, minutes: int | None, rules: NoteRules, where: str
) -> list[Finding]:
    """Units stated, matching `minutes` (None when the times are unknown), within the cap."""
    expected = units_for_minutes(minutes or 0, rules)
    rule = (
        f"{rules.unit_minutes}-minute units, and a unit needs at least "
        f"{rules.min_minutes_for_unit} minutes"
    )
    source = " ".join(filter(None, (parts.fields.get("units"), parts.fields.get("service"))))
    claimed = _UNITS.search(source) or _UNITS.search(parts.text)
    if claimed is None:
        how_many = f"Units: {expected}' ({minutes} minutes with {rule})" if minutes else "Units: N'"
        return [
            _missing(
                "units",
                "The number of units billed is missing",
                where,
                "The billed units must be stated and must match the minutes.",
                f"Add '{how_many}.",
            )
        ]
    units = int(claimed[1] or claimed[2])
    findings = []
    if minutes is not None and units != expected:
        findings.append(
            _finding(
                "note:wrong:units",
                f"{units} unit(s) billed for {minutes} minutes; the rule gives {expected}",
                where,
                f"Your organization bills {rule}; extra units are an overpayment.",
                f"Bill {expected} unit(s)"
                + (" — this contact is too short to bill." if expected == 0 else "."),
            )
        )
    if units > rules.daily_unit_cap:
        findings.append(
            _finding(
                "note:over_cap",
                f"{units} units is more than the daily cap of {rules.daily_unit_cap}",
                where,
                "Units above the daily cap are denied.",
                f"Bill at most {rules.daily_unit_cap} units for one person in one day.",
            )
        )
    return findings


def _check_setting_and_code(parts: NoteParts, rules: NoteRules, where: str) -> list[Finding]:
    findings = []
    if not (parts.fields.get("setting") or _SETTING_WORDS.search(parts.text)):
        findings.append(
            _missing(
                "setting",
                "The setting (where the contact happened) is missing",
                where,
                "Where and how you met (in person, phone, video) matters for billing and context.",
                "Add 'Setting: recovery center, in person' or similar.",
            )
        )
    return findings + _check_service_code(parts, rules, where)


def _is_group(parts: NoteParts) -> bool:
    """Does the note describe a group contact?"""
    fields = " ".join(parts.fields.get(name, "") for name in ("setting", "service"))
    return bool(_GROUP_FIELD.search(fields) or _GROUP_NARRATIVE.search(parts.text))


def _check_service_code(parts: NoteParts, rules: NoteRules, where: str) -> list[Finding]:
    """The organization's code, with its group modifier exactly when the contact was a group."""
    group = _is_group(parts)
    code = rules.group_service_code if group else rules.service_code
    billed = f"{code} {rules.group_modifier}".strip() if group else code
    number = code.upper()[:5]
    found = {(match[1], match[2] or "") for match in _SERVICE_CODE.finditer(parts.text)}
    if not found:
        return [
            _missing(
                "service_code",
                "The service code is missing",
                where,
                "The code tells the payer which service was given.",
                f"Add 'Service: {billed} peer support'.",
            )
        ]
    if number not in {billed_number for billed_number, _ in found}:
        return [
            _finding(
                "note:wrong:service_code",
                f"The service code {', '.join(sorted(n for n, _ in found))} is not your "
                f"organization's {'group ' if group else ''}peer support code",
                where,
                "A wrong code means the claim is denied or paid for the wrong service.",
                f"Use {billed}.",
            )
        ]
    modifiers = {modifier for billed_number, modifier in found if billed_number == number}
    if group and rules.group_modifier not in modifiers:
        return [
            _missing(
                "group_modifier",
                f"This was a group contact, but the code has no {rules.group_modifier} modifier",
                where,
                "Group peer support is billed with the group modifier; without it the claim "
                "reads as individual support and is overpaid.",
                f"Bill '{billed}' for each person in the group.",
            )
        ]
    if not group and rules.group_modifier and rules.group_modifier in modifiers:
        return [
            _finding(
                "note:wrong:group_modifier",
                f"The {rules.group_modifier} (group) modifier is billed, but the note does not "
                "say this was a group",
                where,
                "The group modifier must match the service given.",
                f"Bill '{rules.service_code}' for a one-to-one contact, or say in 'Setting:' "
                "that it was a group.",
            )
        ]
    return []


def _found(parts: NoteParts, section: str, words: re.Pattern[str]) -> bool:
    """A section with content or, when its header is absent, its kind of words in the narrative.

    For intervention and response the narrative leaves out the goal line and the plan, so a
    quoted goal does not count as the person's response.
    """
    if section in parts.sections:
        return len(parts.sections[section].split()) >= 2
    narrative = parts.text
    if section != "goal":
        for value in (parts.heads.get("goal", ""), parts.sections.get("plan", "")):
            narrative = narrative.replace(value, " ") if value.strip() else narrative
    return bool(words.search(narrative))


def _check_content(parts: NoteParts, rules: NoteRules, where: str) -> list[Finding]:
    fmt_name = rules.note_format.upper()
    fmt = FORMAT_SECTIONS.get(fmt_name, FORMAT_SECTIONS["GIRP"])
    findings = []
    present = {
        "goal": _found(parts, "goal", _GOAL_WORDS),
        "intervention": _found(parts, "intervention", _INTERVENTION_WORDS),
        "response": _found(parts, "response", _RESPONSE_WORDS),
    }
    missing_what = {
        "goal": "The link to a goal in the person's plan is missing",
        "intervention": "The peer intervention (what you did) is missing",
        "response": "The person's response is missing",
    }
    for element, found in present.items():
        if not found:
            findings.append(
                _missing(
                    element,
                    missing_what[element],
                    where,
                    "A billable note shows how the contact served the person's own goals.",
                    f"Add a '{element.title()}:' section with {_SECTION_HINTS[element]}.",
                )
            )
    for section in fmt:
        if section in present:
            continue
        if len(parts.sections.get(section, "").split()) < 2:
            findings.append(
                _missing(
                    section if section == "plan" else f"section:{section}",
                    f"The '{section.title()}' section of your {fmt_name} note is missing or empty",
                    where,
                    f"Your organization writes notes in the {fmt_name} format.",
                    f"Add '{section.title()}:' with {_SECTION_HINTS[section]}.",
                )
            )
    return findings


def _specific_words(text: str) -> list[str]:
    """The words of `text` left after boilerplate and filler: what is particular to a contact."""
    words = _WORD.findall(_BOILERPLATE.sub(" ", text).lower())
    return [word for word in words if word not in _FILLER_WORDS]


def _check_specific(parts: NoteParts, where: str) -> list[Finding]:
    """Goal, intervention and response must say something about this contact, not boilerplate.

    Only sections that are present are checked (a missing one is reported as missing).
    """
    findings = []
    hints = {
        "goal": "the person's own goal, in their words where you can (e.g. '\"Keep my "
        "apartment\" (plan goal 2)')",
        "intervention": "what you did in this contact (e.g. 'shared how I budgeted my first "
        "month; looked at two listings together')",
        "response": 'what the person said or decided (e.g. \'said "that feels possible" and '
        "chose a listing to call')",
    }
    for element, hint in hints.items():
        text = parts.sections.get(element)
        if text is None or len(text.split()) < 2 or len(_specific_words(text)) >= 2:
            continue
        if element == "goal" and _PLAN_GOAL_NUMBER.search(text):
            continue  # "plan goal 2" points at the person's own goal
        findings.append(
            _missing(
                f"specific_{element}",
                f"The {element} names nothing specific to this contact ('{text[:60]}')",
                where,
                "A note that would fit any contact (a cloned or generic note) does not show the"
                " service was given and is a red flag for auditors.",
                f"Write {hint}.",
            )
        )
    return findings


def _check_scope(parts: NoteParts, where: str) -> list[Finding]:
    """Diagnoses, medication advice and legal advice written into the note by the peer."""
    findings = []
    for number, line in enumerate(parts.text.splitlines(), start=1):
        for flag in scope_violation.violations(line):
            findings.append(
                _finding(
                    "note:wording:scope",
                    f"The note {flag.detail}",
                    f"{where}, line {number}",
                    "A peer note records what the person said and what you did; a diagnosis or"
                    " medication advice in it reads as a service outside the peer role.",
                    flag.suggestion + " In the note, write what the person said in their words.",
                )
            )
    return findings


def _check_billable(parts: NoteParts, where: str) -> list[Finding]:
    """Units billed for transport, waiting or social time with no peer intervention in it."""
    doing = (
        " ".join(
            parts.sections.get(name, "")
            for name in ("intervention", "data", "objective", "behaviour")
        )
        or parts.text
    )
    claimed = _UNITS.search(parts.text)
    activity = _NON_BILLABLE.search(doing)
    if not activity or claimed is None or int(claimed[1] or claimed[2]) == 0:
        return []
    rest = _NON_BILLABLE.sub(" ", doing)
    if _INTERVENTION_WORDS.search(rest) and len(_specific_words(rest)) >= 4:
        return []
    return [
        _finding(
            "note:wrong:units:non_billable",
            f"Units are billed for '{activity[0]}', which is not peer support by itself",
            where,
            "Transport, waiting and social time are not billable unless a peer intervention"
            " happens in them; billing them is an overpayment.",
            "Bill only the minutes of peer support (what you did with the person and how they"
            " responded), or bill 0 units and note the contact.",
        )
    ]


def _check_signature(parts: NoteParts, where: str) -> list[Finding]:
    signature = parts.fields.get("signature", "")
    last_line = parts.text.strip().splitlines()[-1] if parts.text.strip() else ""
    if not signature and _CREDENTIAL.search(last_line) and len(last_line.split()) <= 8:
        signature = last_line
    if not signature.strip():
        return [
            _missing(
                "signature",
                "The signature and credential are missing",
                where,
                "An unsigned note is not a legal record and cannot be billed.",
                "End with 'Signature: your name, your credential (e.g. CPS)'.",
            )
        ]
    if not _CREDENTIAL.search(signature):
        return [
            _missing(
                "credential",
                "The signature has no credential",
                where,
                "Payers need to see that a certified peer gave the service.",
                "Add your credential after your name, e.g. 'Jordan Lee, CPS'.",
            )
        ]
    return []


def _check_wording(parts: NoteParts, rules: NoteRules, where: str) -> list[Finding]:
    findings = []
    for pattern, kind, why, fix in _WORDING_PATTERNS:
        for match in pattern.finditer(parts.text):
            line = parts.text.count("\n", 0, match.start()) + 1
            findings.append(
                _finding(
                    f"note:wording:{kind}",
                    f"'{match[0]}' is {kind} wording",
                    f"{where}, line {line}",
                    why,
                    fix.format(people=rules.people_served),
                )
            )
    return findings + check_language(parts.text, where=where)


def _check_timeliness(parts: NoteParts, rules: NoteRules, where: str) -> list[Finding]:
    served = parse_date(parts.fields.get("date", ""))
    written = parse_date(parts.fields.get("written", ""))
    if not (served and written) or (written - served).days <= rules.note_deadline_days:
        return []
    return [
        _finding(
            "note:late",
            f"The note was written {(written - served).days} days after the contact",
            where,
            f"Your organization expects notes within {rules.note_deadline_days} days.",
            "Write notes the same day where you can; tell your supervisor when one is late.",
        )
    ]


def _check_copied(parts: NoteParts, previous_notes: Iterable[str], where: str) -> list[Finding]:
    body = " ".join(parts.sections.values()) or parts.text
    for previous in previous_notes:
        earlier = parse_note(previous)
        earlier_body = " ".join(earlier.sections.values()) or previous
        if SequenceMatcher(None, body.lower(), earlier_body.lower()).ratio() > 0.9:
            return [
                _finding(
                    "note:copied",
                    "This note repeats an earlier note almost word for word",
                    where,
                    "Copied notes do not show this contact and are a red flag for auditors.",
                    "Write what happened in this contact: what was new, what the person said.",
                )
            ]
    return []


def check_note(
    note: str,
    rules: NoteRules | None = None,
    *,
    where: str = "your note",
    previous_notes: Iterable[str] = (),
) -> list[Finding]:
    """All findings for a progress note written as plain text; an empty list means none.

    Checks date, start/end time, setting, service code, units against the minutes (and the
    daily cap), goal link, peer intervention, response, plan, signature with credential, the
    sections of the organization's note format, clinical, judgemental and stigmatizing wording,
    goal, intervention and response specific to this contact (not boilerplate), units billed
    for transport, waiting or social time, diagnoses and medication or legal advice written by
    the peer, the writing deadline (when a 'Date written' is given) and copying of
    `previous_notes`.
    Without `rules`, they come from the course's organization profile (`active_profile`).
    """
    rules = rules or NoteRules.from_org(active_profile())
    parts = parse_note(note)
    if not note.strip():
        return [
            _missing(
                "note",
                "The note is empty",
                where,
                "There is nothing to check yet.",
                f"Write a {rules.note_format} note with the date, times, setting, code and units.",
            )
        ]
    return (
        _check_date_and_times(parts, rules, where)
        + _check_setting_and_code(parts, rules, where)
        + _check_content(parts, rules, where)
        + _check_specific(parts, where)
        + _check_billable(parts, where)
        + _check_signature(parts, where)
        + _check_scope(parts, where)
        + _check_wording(parts, rules, where)
        + _check_timeliness(parts, rules, where)
        + _check_copied(parts, previous_notes, where)
    )
