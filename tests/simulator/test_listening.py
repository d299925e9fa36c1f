"""Does the simulated person listen: answer what was asked, react to the act, keep their story?"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from simulator import Session, list_scenarios, load_scenario
from simulator.engine.metrics import summarize
from simulator.engine.understanding import ACTS

SCENARIOS = list_scenarios()
CRISIS_SCENARIOS = [scenario for scenario in SCENARIOS if scenario.crisis is not None]
SUICIDE_ASK = "Are you thinking about killing yourself?"


def _question(phrase: str) -> str:
    text = phrase.strip().rstrip("?")
    return text[0].upper() + text[1:] + "?"


def _fact_cases():
    for scenario in SCENARIOS:
        for fact in scenario.facts:
            for phrase in fact.ask[:2]:
                yield pytest.param(scenario, fact, phrase, id=f"{scenario.id}:{fact.id}:{phrase}")


@pytest.mark.parametrize(("scenario", "fact", "phrase"), list(_fact_cases()))
def test_every_fact_is_answered_when_asked(scenario, fact, phrase):
    """Asked about a fact in one of its first two phrasings, does the person give its answer?"""
    turn = Session(scenario, seed=0).respond(_question(phrase))
    assert turn.decision.fact == fact.id, (phrase, turn.decision, turn.reply)
    assert fact.answer in turn.reply


FOUND_FACTS = """
from simulator import list_scenarios
from simulator.engine.understanding import index_for
from simulator.engine.words import all_stems, question_words, tokens
for scenario in list_scenarios():
    index = index_for(scenario)
    for fact in scenario.facts:
        for phrase in fact.ask:
            found = index.best_fact(all_stems(phrase), question_words(tokens(phrase)))
            print(scenario.id, phrase, found, sep="|")
"""


def test_the_fact_found_does_not_depend_on_the_hash_seed():
    """Does every process (each with its own hash seed) find the same facts for the same words?"""
    runs = {
        subprocess.run(
            [sys.executable, "-c", FOUND_FACTS],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1


@pytest.mark.parametrize(
    ("scenario_id", "question", "fact"),
    [
        ("postpartum-on-medication", "What's making you think about getting off it?", "why_stop"),
        ("warm-line-crisis", "When did you last talk to your son?", "son_last_talk"),
    ],
)
def test_a_question_after_an_opening_sentence_is_still_heard(scenario_id, question, fact):
    """Does "Of course you can ask me. What…?" get the answer the question alone gets?"""
    session = Session(load_scenario(scenario_id), seed=0)
    turn = session.respond(f"Of course you can ask me, that's fine. {question}")
    assert turn.decision.fact == fact, turn.decision


def test_a_safety_question_the_story_answers_gets_that_answer():
    """Is "Are you safe with Dale?" answered from Gloria's story, while a bare "are you safe
    right now?" is still heard as a crisis question?"""
    scenario = load_scenario("parent-discloses-harm-at-home")
    named = Session(scenario, seed=0).respond("Are you safe with Dale?")
    assert named.decision.fact == "dale_hurts_you", named.decision
    bare = Session(load_scenario("family-member-in-crisis"), seed=0).respond(
        "Are you safe right now?"
    )
    assert bare.decision.act == "crisis_question", bare.decision


@pytest.mark.parametrize(
    ("scenario_id", "question", "topic"),
    [
        ("alcohol-ambivalence", "How's Lucía doing?", "lucia"),
        ("alcohol-ambivalence", "How's work going?", "kitchen"),
        ("isolated-after-discharge", "How's Maureen doing?", "daughter"),
    ],
)
def test_a_general_opener_does_not_answer_a_question_about_someone_else(
    scenario_id, question, topic
):
    """Does "How's Lucía doing?" get a line about Lucía, while "How are you doing?" still gets
    what is on the person's mind?"""
    named = Session(scenario_id, seed=0).respond(question)
    assert named.decision.fact != "on_your_mind" and named.decision.topic == topic, named.decision
    general = Session(scenario_id, seed=0).respond("How are you doing?")
    assert general.decision.fact == "on_your_mind", general.decision


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.id)
def test_what_brings_you_in_is_answered_by_a_fact(scenario):
    """Does "What brings you in today?" get the person's own answer, not a stray surface line?"""
    turn = Session(scenario, seed=0).respond("What brings you in today?")
    assert turn.decision.fact is not None, (turn.decision, turn.reply)


def test_a_fact_told_twice_is_told_the_same_way():
    """Asked the same thing again, does the person say so and give the same answer?"""
    scenario = load_scenario("alcohol-ambivalence")
    session = Session(scenario, seed=2)
    first = session.respond("How much do you drink?")
    session.respond("That sounds like a lot to carry.")
    again = session.respond("Sorry, how much do you drink these days?")
    answer = next(fact.answer for fact in scenario.facts if fact.id == "amount")
    assert answer in first.reply and answer in again.reply
    assert any(again.reply.startswith(line) for line in scenario.act_replies.repeat)


def test_a_pronoun_asks_about_the_person_just_mentioned():
    """After the person talks about Lucía, is "How old is she?" about Lucía, not the person?"""
    session = Session("alcohol-ambivalence", seed=0)
    session.respond("Tell me about Lucía.")
    turn = session.respond("How old is she?")
    assert turn.decision.fact == "daughter", turn.reply


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_no_topic_line_is_said_twice(scenario):
    """Over a long session, does every topic line come at most once?"""
    utterances = [
        "What's been going on?",
        "Tell me more about that.",
        "It sounds like that's been weighing on you.",
        "What else?",
        "You're carrying a lot.",
    ] * 6
    session = Session.from_utterances(scenario, utterances, seed=4)
    topic_lines = {
        line
        for topic in scenario.topics.values()
        for line in [*topic.neutral, *topic.sustain]
        + [text for kind in topic.change.kinds() for text in getattr(topic.change, kind)]
    }
    said = [turn.reply for turn in session.transcript.turns]
    for line in topic_lines:
        assert sum(line in reply for reply in said) <= 1, line


def test_a_reflection_continues_the_persons_topic():
    """Does a reflection without a topic of its own keep to what the person was talking about?"""
    session = Session("alcohol-ambivalence", seed=1)
    asked = session.respond("What's your daughter like?")
    reflected = session.respond("That means a lot to you.")
    assert asked.decision.topic == "lucia"
    assert reflected.decision.act == "reflection" and reflected.decision.topic == "lucia"


def test_the_first_reply_follows_the_opening_move():
    """Do different first moves get different, fitting first replies?"""
    scenario = load_scenario("alcohol-ambivalence")
    job = Session(scenario, seed=0).respond("What do you do for work?")
    sister = Session(scenario, seed=0).respond("Your sister's comment really stung.")
    assert job.reply != sister.reply
    assert job.decision.fact == "job" and sister.decision.topic == "sister"


def test_a_ruler_is_answered_with_the_states_own_number():
    """Is "on a scale of 0 to 10" answered with the person's current importance, and a reason?"""
    session = Session("alcohol-ambivalence", seed=0)
    turn = session.respond("On a scale from 0 to 10, how important is it for you to cut back?")
    number = round(turn.state.importance)
    assert turn.decision.act == "ruler"
    assert f"{number}." in turn.reply and len(turn.reply) > len(f"Maybe a {number}.")


def test_advice_is_answered_by_naming_it():
    """Does unasked advice to go to a meeting get a reaction that names the meeting?"""
    scenario = load_scenario("alcohol-ambivalence")
    turn = Session(scenario, seed=0).respond("You should go to an AA meeting.")
    meeting = next(e for e in scenario.act_replies.advice.named if "meeting" in e.about)
    assert any(line in turn.reply for line in [*meeting.pushback, *meeting.considering])


def test_permission_is_answered_then_the_information_reacted_to():
    """Is a permission request answered, and the information that follows reacted to?"""
    scenario = load_scenario("alcohol-ambivalence")
    session = Session(scenario, seed=0)
    asked = session.respond("Would it be okay if I shared something that helped other people?")
    permission = scenario.act_replies.permission
    assert asked.reply in [*permission.granted, *permission.hesitant]
    told = session.respond("Some people find that having tea after close helps them wind down.")
    tea = next(e for e in scenario.act_replies.advice.named if "tea" in e.about)
    assert any(line in told.reply for line in [*tea.pushback, *tea.considering])


@pytest.mark.parametrize("scenario", CRISIS_SCENARIOS, ids=lambda s: s.id)
def test_asking_directly_before_the_cue_gets_an_honest_answer(scenario):
    """Asked about suicide before the scripted cue, does the person answer honestly, and is
    the direct question counted (no missed cue)?"""
    session = Session(scenario, seed=0)
    session.respond("Thanks for reaching out. How are things tonight?")
    turn = session.respond(SUICIDE_ASK)
    assert turn.reply_kind == "crisis:asked" and turn.state.crisis == "asked"
    assert any(line in turn.reply for line in scenario.crisis.answers.thoughts)
    summary = summarize(session.end())
    assert summary.crisis_asked == 1 and summary.crisis_missed == 0


@pytest.mark.parametrize("scenario", CRISIS_SCENARIOS, ids=lambda s: s.id)
def test_means_plan_and_timing_are_answered_once_risk_is_open(scenario):
    """After the honest answer, are questions about plan, means and timing each answered?"""
    session = Session(scenario, seed=0)
    session.respond(SUICIDE_ASK)
    answers = scenario.crisis.answers
    plan = session.respond("Have you made a plan for how you would do it?")
    means = session.respond("Is there a gun or any pills in the house?")
    timing = session.respond("Are you thinking of doing it tonight?")
    assert any(line in plan.reply for line in answers.plan), plan.reply
    assert any(line in means.reply for line in answers.means), means.reply
    assert any(line in timing.reply for line in answers.timing), timing.reply


@pytest.mark.parametrize("scenario", CRISIS_SCENARIOS, ids=lambda s: s.id)
def test_after_a_warm_handoff_there_is_no_sustain_talk(scenario):
    """Once the person agreed to be connected, do they stay with it (no sustain, no discord)?"""
    session = Session(scenario, seed=0)
    session.respond(SUICIDE_ASK)
    handoff = session.respond("I'm here with you. Can we call 988 together right now?")
    assert handoff.reply_kind == "crisis:connected"
    later = [
        session.respond(text)
        for text in (
            "How are you feeling now?",
            "You should really get out of the house more.",
            "What do you usually do on weekends?",
            "It's been a hard few months.",
            "Do you want to talk about anything else?",
        )
    ]
    assert all(turn.state.crisis == "connected" for turn in later)
    assert not any(turn.reply_kind in ("sustain", "discord") for turn in later)


@pytest.mark.parametrize("scenario", CRISIS_SCENARIOS, ids=lambda s: s.id)
def test_missed_and_handled_cues_are_told_apart(scenario):
    """Talking past the cue is a missed cue; asking after the cue, or before it, is not."""
    small_talk = ["How was your day?", "What do you like to do?", "Tell me about your week."]
    filler = small_talk * 3
    missed = summarize(Session.from_utterances(scenario, filler, seed=1).transcript)
    cue_turn = scenario.crisis.cue.after_turn
    after = [*filler[:cue_turn], SUICIDE_ASK, "Can we call 988 together while I stay with you?"]
    handled = summarize(Session.from_utterances(scenario, after, seed=1).transcript)
    early = summarize(Session.from_utterances(scenario, [SUICIDE_ASK, *filler], seed=1).transcript)
    assert missed.crisis_missed == 1
    assert handled.crisis_missed == 0 and handled.crisis_asked >= 1
    assert handled.crisis_connected >= 1
    assert early.crisis_missed == 0 and early.crisis_asked == 1


def test_every_turn_records_the_decision():
    """Does the transcript say, for each turn, the act, the reply kind, topic and fact?"""
    session = Session.from_utterances(
        "alcohol-ambivalence", ["How much do you drink?", "That's a lot to carry."], seed=0
    )
    first, second = session.transcript.turns
    assert {first.decision.act, second.decision.act} <= set(ACTS)
    assert first.decision.act == "open_question" and first.decision.fact == "amount"
    assert first.decision.kind == first.reply_kind
    assert second.decision.act == "reflection" and second.decision.topic is not None


def test_a_reflection_that_misses_is_corrected():
    """Is a reflection about something Teresa never raised (and her story never mentions)
    met with a correction, and one about what she said met with agreement?"""
    scenario = load_scenario("alcohol-ambivalence")
    reflection = scenario.act_replies.reflection
    missed = Session(scenario, seed=0).respond("You're really worried about your blood pressure.")
    heard = Session(scenario, seed=0).respond("Your sister's comment really stung.")
    assert missed.decision.act == "reflection" and heard.decision.act == "reflection"
    assert any(missed.reply.startswith(line) for line in reflection.correct), missed.reply
    assert any(heard.reply.startswith(line) for line in reflection.agree), heard.reply


def test_a_yes_no_question_no_fact_answers_gets_a_short_answer_first():
    """Does a yes/no question that no fact answers get one of the person's short openers?"""
    scenario = load_scenario("alcohol-ambivalence")
    turn = Session(scenario, seed=0).respond("Is that hard for you?")
    assert turn.decision.act == "yes_no_question" and turn.decision.fact is None
    assert any(turn.reply.startswith(line) for line in scenario.act_replies.yes_no), turn.reply


@pytest.mark.parametrize(
    ("said", "act"),
    [
        ("You walked in here on your own. That counts for something.", "affirmation"),
        ("It's completely up to you what you do with any of this.", "autonomy"),
        (
            "So you lost your grandmother, you stopped the medicine, and you're scared about"
            " Kaylee. What did I miss?",
            "summary",
        ),
        ("How confident are you that you could call the clinic?", "ruler"),
    ],
)
def test_the_act_is_heard_from_its_words(said, act):
    session = Session("returning-to-opioid-use", seed=3)
    assert session.respond(said).decision.act == act


def test_a_pronoun_with_nobody_in_play_does_not_pull_in_the_current_topic():
    session = Session("returning-to-opioid-use", seed=3)
    session.respond("How confident are you that you could call the clinic?")
    assert session.respond("How old is she?").decision.fact != "medication"
    session.respond("Tell me about Kaylee.")
    assert session.respond("How old is she?").decision.fact == "kaylee"


def test_a_suggestion_put_as_a_question_is_answered_as_advice():
    """ "Would it help to…?" naming one of the person's known suggestions gets their reaction."""
    session = Session("young-adult-family-pressure", seed=3)
    turn = session.respond("Would it help to talk to the education specialist about your classes?")
    assert turn.decision.act == "advice", turn.reply


def test_a_normalizing_ask_about_ending_ones_life_is_heard():
    """Is "some people think about ending their life; are you thinking about that?" heard as a
    direct ask, so a person with no current risk answers it (not "Some." as to a yes/no)?"""
    scenario = load_scenario("veteran-ptsd-alcohol")
    session = Session(scenario, seed=0)
    session.respond("Thanks for coming in.")
    turn = session.respond(
        "When nights are that rough, some people think about ending their life."
        " Are you thinking about that?"
    )
    assert any(line in turn.reply for line in scenario.act_replies.no_crisis)


def _advice_lines(scenario, which):
    advice = scenario.act_replies.advice
    return [line for entry in [*advice.named, advice.general] for line in getattr(entry, which)]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_permission_granted_long_ago_does_not_invite_later_advice(scenario):
    """Leave to share, granted several turns back, does not make unasked advice welcome: the
    person pushes back (unless the state model has them talking change anyway)."""
    session = Session(scenario, seed=1)
    session.respond("Would it be okay if I shared an idea?")
    for said in ("What's been on your mind?", "Tell me more.", "How are you doing?"):
        session.respond(said)
    turn = session.respond("You need to just try harder.")
    assert turn.decision.act == "advice"
    if turn.reply_kind.startswith(("change", "crisis")):
        return
    assert any(line in turn.reply for line in _advice_lines(scenario, "pushback")), turn.reply


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_what_is_shared_right_after_permission_is_reacted_to_as_shared(scenario):
    """An option offered right after leave was granted ("Some people find…") gets a reaction
    to the option, not the agreement a reflection would get."""
    session = Session(scenario, seed=0)
    asked = session.respond("Would it be okay if I shared something that helped other people?")
    if asked.reply not in scenario.act_replies.permission.granted:
        return
    told = session.respond("Some people find it helps to write it all down first.")
    if told.reply_kind.startswith("crisis"):
        return
    assert told.decision.act == "advice" or any(
        line in told.reply for line in _advice_lines(scenario, "considering")
    ), told.reply
    assert not any(told.reply.startswith(a) for a in scenario.act_replies.reflection.agree)


def _at_the_cue(scenario, seed=0):
    """A session played with small talk until the person has given the crisis cue."""
    session = Session(scenario, seed=seed)
    for said in ["How was your day?", "What do you like to do?", "Tell me about your week."] * 3:
        if session.state.crisis == "cue":
            break
        session.respond(said)
    return session


@pytest.mark.parametrize("scenario", CRISIS_SCENARIOS, ids=lambda s: s.id)
def test_a_question_the_story_answers_is_answered_while_the_cue_is_open(scenario):
    """Once the cue is out, a question the story answers still gets its answer, whether the
    person takes it as picking up the cue or as talking past it (not just "Yes.")."""
    for fact in scenario.facts:
        session = _at_the_cue(scenario)
        if session.state.crisis != "cue":
            pytest.skip("the cue did not come with small talk")
        turn = session.respond(_question(fact.ask[0]))
        if turn.decision.fact != fact.id or turn.reply_kind.startswith("crisis:asked"):
            continue
        assert fact.answer in turn.reply, (fact.id, turn.reply)


def test_a_question_about_what_the_cue_said_takes_it_up():
    """ "What did he say exactly?" asks for the cue itself: no "Never mind" before the answer."""
    scenario = load_scenario("family-member-in-crisis")
    session = _at_the_cue(scenario)
    turn = session.respond("What did he say exactly?")
    assert turn.decision.fact == "what_he_said"
    assert not any(line in turn.reply for line in scenario.crisis.replies.if_ignored), turn.reply


@pytest.mark.parametrize(
    ("scenario_id", "question", "fact"),
    [
        ("family-member-in-crisis", "Has Omar been eating?", "eating"),
        ("family-member-in-crisis", "Is he seeing anyone for treatment?", "treatment"),
        ("family-member-in-crisis", "Has he seen a doctor?", "treatment"),
    ],
)
def test_a_question_about_the_one_a_fact_is_about_gets_that_fact(scenario_id, question, fact):
    """Naming the person a fact is about ("Has Omar…" for "is he eating") or a past form
    ("seen") still finds the fact."""
    assert Session(scenario_id, seed=0).respond(question).decision.fact == fact


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_a_welcome_on_the_first_turn_is_not_a_goodbye(scenario):
    """ "Thanks for coming in. We don't have to talk about anything you don't want to." opens
    the conversation; the person does not say goodbye."""
    turn = Session(scenario, seed=0).respond(
        "Thanks for coming in. We don't have to talk about anything you don't want to."
    )
    assert turn.decision.act != "goodbye"
    assert not any(line in turn.reply for line in scenario.act_replies.goodbye), turn.reply


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_a_lead_in_before_an_open_question_keeps_it_open(scenario):
    """ "Hey Teresa, what brings you in today?" is the open question without the lead-in."""
    plain_turn = Session(scenario, seed=0).respond("What brings you in today?")
    name = scenario.person.name.split()[0]
    turn = Session(scenario, seed=0).respond(f"Hey {name}, what brings you in today?")
    assert turn.decision.act == "open_question"
    assert turn.decision.fact == plain_turn.decision.fact


@pytest.mark.parametrize(
    "scenario",
    [s for s in SCENARIOS if s.opening.rstrip().endswith("?")],
    ids=lambda s: s.id,
)
def test_an_answer_to_the_persons_question_moves_the_conversation_on(scenario):
    """When the person opened with a question and the trainee answers it, the person reacts
    and goes on on their own thread (not "Okay. That makes sense." and nothing more)."""
    alias = scenario.topics[scenario.opening_topic].aliases[0]
    turn = Session(scenario, seed=0).respond(
        f"About {alias}: I can tell you how that works here, and what I can and cannot do."
    )
    assert turn.decision.act == "information", turn.decision
    reactions = scenario.act_replies.information
    assert turn.reply not in [*reactions.low, *reactions.middle, *reactions.high], turn.reply
    assert turn.decision.topic == scenario.opening_topic


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_the_limits_of_confidentiality_explained_are_not_a_crisis_question(scenario):
    """ "…unless you might hurt yourself or someone is hurting you" explains a limit; it asks
    nothing, so the person does not answer a suicide question nobody asked."""
    session = Session(scenario, seed=0)
    turn = session.respond(
        "What you tell me stays private, with two exceptions: if you're in danger of hurting"
        " yourself or someone is hurting you. Then I'd have to tell someone, and I'd tell you"
        " first."
    )
    assert turn.decision.act not in ("crisis_question", "crisis_support"), turn.decision
    assert not any(line in turn.reply for line in scenario.act_replies.no_crisis), turn.reply
    if scenario.crisis is not None:
        assert not any(line in turn.reply for line in scenario.crisis.answers.thoughts)


def test_a_one_word_acknowledgement_is_not_said_twice():
    """ "Okay. That makes sense." is not followed by a line that starts "Okay." again."""
    turn = Session("student-under-18", seed=0).respond(
        "What you tell me stays private, unless someone is hurting you; then I'd have to tell"
        " someone, and I'd tell you first."
    )
    assert "Okay. Okay." not in turn.reply and turn.reply.count("Okay.") <= 1, turn.reply


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
@pytest.mark.parametrize("nudge", ["Tell me more.", "ok", "yeah?"])
def test_a_minimal_encourager_keeps_the_person_on_their_thread(scenario, nudge):
    """ "Tell me more", "ok", "yeah?" name nothing new: the person goes on about what they
    were just talking about, not a topic from elsewhere in their story."""
    session = Session(scenario, seed=0)
    first = session.respond("What brings you in today?")
    turn = session.respond(nudge)
    if turn.reply_kind.split(":")[0] in ("crisis", "discord", "hurt", "disengaged"):
        return
    assert turn.decision.topic == first.decision.topic, (first.reply, turn.reply)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_a_what_would_be_different_question_evokes_a_wish_or_a_reason(scenario):
    """ "What would be different if things changed?" asks what the person wants: the reply is
    change talk (or sustain talk), never a plain surface line nor a step already taken."""
    session = Session(scenario, seed=0)
    session.respond("What brings you in today?")
    turn = session.respond("What would be different if things changed the way you want?")
    kind = turn.reply_kind
    assert kind.split(":")[0] in ("change", "sustain", "crisis", "discord", "disengaged"), kind
    assert kind not in ("change:taking_steps", "change:commitment", "change:activation"), kind


@pytest.mark.parametrize(
    "scenario",
    [s for s in SCENARIOS if s.crisis is None and s.act_replies.no_crisis],
    ids=lambda s: s.id,
)
def test_a_safety_question_without_risk_gets_the_honest_answer_alone_each_time(scenario):
    """Asked about suicide and then about means, a person with no current risk gives the
    honest answer, the second time as a reminder, with no unrelated line tacked on."""
    session = Session(scenario, seed=0)
    honest = scenario.act_replies.no_crisis
    first = session.respond(SUICIDE_ASK)
    assert first.reply in honest, first.reply
    if len(honest) > 1:
        return
    again = session.respond("Do you have a gun or any pills at home?")
    assert again.reply.endswith(honest[0]) and again.reply != honest[0], again.reply


@pytest.mark.parametrize(
    ("scenario_id", "question", "fact"),
    [
        ("medication-stopping", "Why did you stop the medication?", "why_stopped"),
        ("medication-stopping", "How come you stopped taking it?", "why_stopped"),
        ("medication-stopping", "Do you have people around you?", "supports"),
        ("housing-and-work", "Where are you staying right now?", "staying_now"),
        ("housing-and-work", "Hey Wendell, what can I help with today?", "whats_going_on"),
        ("housing-and-work", "What's one step you could take this week?", "first_step"),
        ("veteran-ptsd-alcohol", "Have you ever tried cutting back?", "tried_stopping"),
        ("whole-health-diabetes", "Who's in your corner at home?", "living"),
        ("whole-health-diabetes", "How's your blood sugar been?", "sugar_check"),
    ],
)
def test_questions_as_trainees_type_them_find_the_story(scenario_id, question, fact):
    """Everyday wordings ("how come", "what made you" ask why; "who's in your corner") find
    the fact the story holds."""
    turn = Session(scenario_id, seed=0).respond(question)
    assert turn.decision.fact == fact, (turn.decision, turn.reply)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
@pytest.mark.parametrize(
    "said",
    [
        "It took real courage to come in today.",
        "You clearly care a lot about the people in your life.",
        "Coming here today, that shows how much you want things to be different.",
    ],
)
def test_an_affirmation_in_everyday_words_is_received(scenario, said):
    """An affirmation is heard as one and received (accepted or deflected), not agreed with
    as if it were a reflection."""
    turn = Session(scenario, seed=0).respond(said)
    assert turn.decision.act == "affirmation", turn.decision
    if turn.reply_kind.split(":")[0] in ("crisis", "hurt", "role_confusion", "discord"):
        return
    received = [*scenario.act_replies.affirmation.accept, *scenario.act_replies.affirmation.deflect]
    assert any(turn.reply.startswith(line) for line in received), turn.reply


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_a_turn_of_punctuation_or_lead_in_words_only_gets_a_reply(scenario):
    """A trainee who sends "?" or "hey?" gets a reply, never a crash (found by the fuzzer)."""
    session = Session(scenario)
    for turn in ("?", " ?? ", "...", "hey?", "ok so?", f"{scenario.person.name}?"):
        assert session.respond(turn).reply.strip()
