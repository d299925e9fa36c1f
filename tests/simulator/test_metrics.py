"""MITI summary: counts and ratios a trainee and a grader rely on."""

from __future__ import annotations

from simulator import Session
from simulator.engine.metrics import summarize


def test_counts_and_ratios(mini_scenario):
    """Are R:Q, % complex reflections and % open questions computed as MITI defines them?"""
    utterances = [
        "What brings you in today?",  # open question
        "Do you smoke every day?",  # closed question
        "You smoke to relax.",  # simple reflection
        "Part of you is tired of feeling stuck.",  # complex reflection
        "Let me see if I have this: it relaxes you, and you want to breathe easier.",  # summary
    ]
    transcript = Session.from_utterances(mini_scenario, utterances, seed=0).transcript
    codes = [turn.coding.code for turn in transcript.turns]
    assert codes == [
        "open_question",
        "closed_question",
        "simple_reflection",
        "complex_reflection",
        "summary",
    ]
    summary = summarize(transcript)
    assert summary.reflection_to_question == 1.5
    assert summary.percent_complex_reflections == round(100 * 2 / 3, 1)
    assert summary.percent_open_questions == 50.0
    assert summary.level("reflection_to_question") == "fair"
    assert summary.level("percent_complex_reflections") == "good"


def test_no_questions_counts_reflections(mini_scenario):
    """With reflections but no questions, is R:Q the number of reflections (no division error)?"""
    transcript = Session.from_utterances(mini_scenario, ["You smoke to relax."] * 2).transcript
    assert summarize(transcript).reflection_to_question == 2.0


def test_empty_session_is_all_zero(mini_scenario):
    """Does a session with no turns summarize to zeros without errors?"""
    summary = summarize(Session(mini_scenario).end())
    assert summary.helper_turns == 0 and summary.reflection_to_question == 0.0
    assert summary.level("percent_complex_reflections") == "below"


ADHERENT = [
    "It took courage to come in today.",
    "It's completely up to you what you do next.",
    "Would it be okay if I shared something that helped me?",
    "You've been working really hard on this.",
]


def test_a_session_of_affirmations_autonomy_and_permission_is_mi_adherent(mini_scenario):
    """Does MI-adherent count affirmations, autonomy and permission (never 0 for such a session)?"""
    transcript = Session.from_utterances(mini_scenario, ADHERENT, seed=0).transcript
    summary = summarize(transcript)
    assert summary.mi_adherent == 4 and summary.mi_non_adherent == 0
    assert summary.affirmations == 2


def test_confronting_and_directive_moves_are_mi_non_adherent(mini_scenario):
    """Are shaming questions, warnings and unasked advice counted as MI-non-adherent?"""
    utterances = [
        "Why did you throw away two and a half years of being clean?",
        "Do you want to end up in the hospital again?",
        "Honestly, you need to listen to your doctor and your wife.",
    ]
    summary = summarize(Session.from_utterances(mini_scenario, utterances, seed=0).transcript)
    assert summary.mi_non_adherent == 3 and summary.mi_adherent == 0
    assert summary.questions == 0  # rhetorical questions do not raise or lower R:Q


def test_a_secrecy_promise_is_counted_costs_rapport_and_gets_a_coach_note(mini_scenario):
    """Is "this stays between us" scored, does rapport fall, and does the coach say why?"""
    promise = "Don't worry, this stays just between us."
    first = "You smoke to relax."
    with_promise = Session.from_utterances(mini_scenario, [first, promise], seed=0).transcript
    turns = with_promise.turns
    assert turns[1].state.rapport < turns[0].state.rapport
    assert "secret" in turns[1].coach
    assert summarize(with_promise).secrecy_promises == 1


def test_a_cold_referral_neither_stays_nor_connects(mini_scenario):
    """After the cue, is "Here's the number, I have to go" a cold referral and nothing else?"""
    before_cue = ["You smoke to relax.", "Part of you is tired of feeling stuck.", "Mm-hmm."]
    cold = [*before_cue, "Here's the number for 988, I have to go."]
    summary = summarize(Session.from_utterances(mini_scenario, cold, seed=0).transcript)
    assert summary.crisis_cue_given
    assert (summary.crisis_connected, summary.crisis_stayed, summary.cold_referrals) == (0, 0, 1)
    warm = [*before_cue, "I'm staying right here with you. Let's call 988 together."]
    summary = summarize(Session.from_utterances(mini_scenario, warm, seed=0).transcript)
    assert (summary.crisis_connected, summary.crisis_stayed, summary.cold_referrals) == (1, 1, 0)


def test_lethal_means_honesty_and_harm_reduction_are_counted(mini_scenario):
    """Are questions about the means, honest limits, naloxone and never-use-alone counted?"""
    utterances = [
        "You smoke to relax.",
        "Part of you is tired of feeling stuck.",
        "Mm-hmm.",
        "Are you thinking about killing yourself?",
        "Do you have pills saved up at home?",
        "Could your sister hold onto the pills for a while?",
        "I can't promise nobody will come; if you were in immediate danger I'd call 911, and I'd"
        " tell you first.",
        "Would you like a naloxone kit, and will you promise me never to use alone?",
    ]
    summary = summarize(Session.from_utterances(mini_scenario, utterances, seed=0).transcript)
    assert summary.lethal_means == 2
    assert (summary.emergency_honesty, summary.naloxone_offered, summary.never_use_alone) == (
        1,
        1,
        1,
    )


def test_the_end_of_session_summary_names_secrecy_promises_and_cold_referrals(mini_scenario):
    """Does the summary a trainee sees count MI-adherent turns, a secrecy promise and a cold
    referral, and the questions about the means after a crisis cue?"""
    from simulator.faces.chat_html import summary_html

    turns = [
        *ADHERENT[:3],
        "Do you have pills saved up at home?",
        "Don't worry, this stays just between us.",
        "Here's the number for 988, I have to go.",
    ]
    summary = summarize(Session.from_utterances(mini_scenario, turns, seed=0).transcript)
    html = summary_html(summary, b"", "")
    assert "MI-adherent / non-adherent" in html and f"{summary.mi_adherent} / 0" in html
    assert summary.mi_adherent == 3
    assert "Secrecy promises" in html and "Cold referrals" in html
    assert "Lethal means" in html and summary.lethal_means == 1
