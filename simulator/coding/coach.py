"""The coach: one short, kind, specific note after each turn."""

from __future__ import annotations

from simulator.coding.codes import Coding

CODE_NOTES = {
    "closed_question": "That was a closed question (it can be answered yes/no). Try opening it "
    "up: 'What…', 'How…' or 'Tell me about…'.",
    "advise_without_permission": "That sounded like advice without permission — the righting "
    "reflex. Ask first: 'Would it be okay if I shared something that helped me?'",
    "persuade": "Arguing for change tends to bring out the other side of their ambivalence. "
    "Reflect their own reasons instead.",
    "confront": "Confronting usually builds discord. Try reflecting what you heard, without "
    "judgment.",
    "simple_reflection": "Good reflection. Next time try going one step further: name the "
    "feeling or meaning underneath.",
    "complex_reflection": "Nice complex reflection: you added meaning beyond their words.",
    "summary": "Good summary: it shows you listened and lets them hear their own change talk.",
    "open_question": "Good open question. Now follow their answer with a reflection.",
    "affirm": "Nice affirmation of a real strength.",
    "emphasize_autonomy": "Good: you left the choice with them.",
}
REPLY_NOTES = {
    "change": "They just offered change talk ({kind}). Reflect it back to strengthen it.",
    "sustain": "That's sustain talk. Reflect it without arguing; look for the other side.",
    "discord": "There's discord between you. Slow down, reflect, and emphasize their choice.",
    "disengaged": "They are pulling back. Try an affirmation or a reflection of how this feels.",
    "crisis:cue": "They may be talking about suicide. Ask directly and calmly, for example "
    "'Are you thinking about killing yourself?', and stay with them.",
    "crisis:ignored": "A crisis cue is still unanswered. Ask directly about suicide, stay with "
    "them, and connect them to 988 or your crisis protocol.",
    "crisis:asked": "You asked directly — well done. Stay with them and connect them to 988 or "
    "your organization's crisis support.",
    "crisis:connected": "You connected them with crisis support. Stay with them until the "
    "hand-off, then tell your supervisor.",
}


def coach_note(coding: Coding, reply_kind: str) -> str:
    """A note on the helper's turn: problems first, then what the reply invites."""
    for flag in coding.peer_flags:
        if flag.kind == "stigmatizing_language":  # detail: each term with why; then what to say
            return " ".join(
                part
                for part in ("Careful with this wording.", flag.detail, flag.suggestion)
                if part
            )
        if flag.kind == "scope_violation":
            return (
                "That's outside the peer role (diagnosis, medication or legal advice). "
                "Acknowledge the question, share your experience if it helps, and connect "
                "them with their prescriber or another professional."
            )
        if flag.kind == "secrecy_promise":
            return (
                "Never promise to keep a safety risk secret; be honest about what you must share."
            )
        if flag.kind == "cold_referral":
            return (
                "Giving a number and leaving is a cold referral: the person is neither connected"
                " nor accompanied. Stay on the line and make the call together (a warm hand-off)."
            )
        if flag.kind == "lethal_means":
            return (
                "Good: you asked about the means. Plan the next step with the person and bring in"
                " your supervisor or crisis team: who could hold onto it, and for how long."
            )
    talk, _, kind = reply_kind.partition(":")
    reply_note = REPLY_NOTES.get(reply_kind) or REPLY_NOTES.get(talk)
    code_note = CODE_NOTES.get(coding.code, "")
    if reply_kind.startswith("crisis:"):
        return REPLY_NOTES[reply_kind]
    if coding.code in ("closed_question", "advise_without_permission", "persuade", "confront"):
        return code_note
    if reply_note:
        return reply_note.format(kind=kind.replace("_", " "))
    return code_note
