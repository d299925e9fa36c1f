"""Module 07 (suicide and overdose response): what is specific to this module.

The shared checks for modules 02 onward are in test_modules_02_to_05.py.
"""

from __future__ import annotations

import pytest

from tests.modules.conftest import (
    answer_cell,
    check_partial_messages,
    roleplay_cell,
    roleplay_hints,
    supervisor_flags,
)

MODULE = "07-suicide-and-overdose-response"
DOSE_ADVICE = [
    "What happened last night?",
    "You should just take half the strip tomorrow and see how you feel.",
    "You need to go to the clinic on Monday and stay on the medicine.",
]
CPS_PROMISE = [
    "It sounds like you're scared about Thursday.",
    "Don't worry, CPS won't take your baby.",
    "You're worried your mom is right about the methadone, and you also know it has kept you "
    "steady for two years.",
    "What would you like to do next?",
]
PARTIAL = {
    "plan_q1": answer_cell("plan_q1", "A"),
    "honest_q2": answer_cell(
        "honest_q2",
        "Don't worry, they won't lock you up. The ambulance is just a precaution and I'll stay "
        "right here with you.",
    ),
    "od_q6": answer_cell(
        "od_q6",
        "You need to stop using. Take this naloxone kit and please don't use alone in your car, "
        "okay?",
    ),
    "med_q3": answer_cell(
        "med_q3", "Come down by 5 mg a week, that's what I did, and tell your doctor about it."
    ),
    "roleplay_ed_after_overdose_utterances": roleplay_cell(
        "roleplay_ed_after_overdose_utterances", DOSE_ADVICE
    ),
    "roleplay_postpartum_on_medication_utterances": roleplay_cell(
        "roleplay_postpartum_on_medication_utterances", CPS_PROMISE
    ),
}
PARTIAL_FAILS = {
    "plan_q1_test": "recognizes himself",
    "honest_q2_test": "cannot know what the hospital will decide",
    "od_q6_test": "righting reflex",
    "med_q3_test": "Leave out amounts and timelines",
    **roleplay_hints(
        "ed-after-overdose",
        (
            "reflections_per_question",
            "complex_reflections",
            "no_righting_reflex",
            "stays_in_role",
            "offers_naloxone",
            "never_use_alone",
            "change_talk_evoked",
        ),
    ),
    **roleplay_hints(
        "postpartum-on-medication",
        ("stays_in_role", "change_talk_evoked", "summary_offered", "offers_naloxone"),
    ),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_dose_advice_and_a_cps_promise_are_supervisor_flags(graded_course):
    """Are dose advice to Tyler and a promise about CPS to Selena reported to the supervisor?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert sorted(f.kind for f in flags) == ["scope_violation", "scope_violation"]
    details = " ".join(f.detail for f in flags)
    assert "take half the strip" in details and "CPS won't take your baby" in details
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []


@pytest.mark.parametrize(
    "line",
    [
        "Don't worry, CPS won't take your baby.",
        "You could skip the bupe tomorrow and see how you feel.",
    ],
)
def test_the_new_scenarios_hear_promises_and_dose_advice_as_out_of_role(line):
    """Does a role-play turn promising a CPS outcome or giving dose advice cost trust and
    count as a scope violation in the scenario it belongs to?"""
    from simulator import Session

    scenario = "postpartum-on-medication" if "CPS" in line else "ed-after-overdose"
    turn = Session(scenario, seed=0).respond(line)
    assert turn.coding.has_flag("scope_violation")
    assert turn.reply_kind == "role_confusion", turn.reply
