"""The chat messages that ask a model to word one decided reply in the person's voice.

They carry the person sheet (background, goals, ambivalence), the scenario's facts, the
conversation so far, the trainee's last turn and the engine's decision (kind, topic, fact,
crisis stage), with the authored line as the anchor the reply must keep to.
"""

from __future__ import annotations

from simulator.engine.voices import VoiceRequest

KIND_MEANING = {
    "neutral": "plain information, leaning neither way",
    "sustain": "sustain talk: reasons to keep things as they are",
    "change": "change talk",
    "discord": "push-back at the helper (not at the change)",
    "disengaged": "short and withdrawn",
    "hurt": "hurt by a label the helper used",
    "role_confusion": "confused: the helper is acting like a clinician or lawyer, not a peer",
    "crisis": "part of a crisis conversation",
}


def chat_messages(request: VoiceRequest) -> list[dict[str, str]]:
    """System sheet, the conversation so far, then this turn's instruction."""
    messages = [{"role": "system", "content": _sheet(request)}]
    for speaker, text in request.history:
        messages.append({"role": "assistant" if speaker == "person" else "user", "content": text})
    messages.append({"role": "user", "content": _this_turn(request)})
    return messages


def _sheet(request: VoiceRequest) -> str:
    scenario, person = request.scenario, request.scenario.person
    facts = "\n".join(f"- {fact.answer}" for fact in scenario.facts)
    goals = "; ".join(person.goals)
    return (
        f"You are {person.name} ({person.pronouns}, {person.age}), talking with a peer support "
        f"specialist. Setting: {scenario.setting}\n"
        f"Background: {person.background.strip()}\n"
        f"What {person.name} wants: {goals}\n"
        f"What {person.name} feels two ways about: {person.ambivalence.strip()}\n"
        f"Facts {person.name} always tells the same way (never change a number, age or name):\n"
        f"{facts}\n"
        f"Speak only as {person.name}, in the first person, in plain everyday words: one to three "
        "short sentences, no name labels, no stage directions, no quotation marks. Never give "
        "medical, medication or self-harm instructions. Never say you are an AI."
    )


def _this_turn(request: VoiceRequest) -> str:
    decision = request.decision
    kind, _, detail = decision.kind.partition(":")
    meaning = KIND_MEANING.get(kind, kind.replace("_", " "))
    if detail:
        meaning += f" ({detail.replace('_', ' ')})"
    parts = [f"The helper says: {request.helper}", f"Your reply is {meaning}."]
    if decision.topic:
        parts.append(f"It is about: {decision.topic.replace('_', ' ')}.")
    if decision.fact:
        parts.append("It answers a fact: keep that fact exactly as written.")
    if request.crisis_stage != "none":
        parts.append(f"Crisis stage: {request.crisis_stage}; stay honest and calm.")
    parts.append(
        f'Say this in your own words, keeping its meaning and every number: "{request.authored}"'
    )
    return "\n".join(parts)
