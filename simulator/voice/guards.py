"""Guards on a model's wording of a reply, checked with our own rules before anything is shown.

A reply is refused (and the authored line shown instead) when it is empty or too long, breaks
character ("As an AI…", a role label such as "Teresa:" or "Helper:"), gives medical, dosing or
self-harm instructions (our scope-of-practice rules plus a few patterns), uses a stigmatizing
label, says a number the scenario does not hold (Teresa's daughter is fifteen, never nineteen),
drops a number the authored line says, names someone the scenario never mentions, or repeats
an earlier reply word for word (small models loop).

Anything the authored line itself says is allowed: the guards judge only what the model added.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from simulator.coding.peer_codes import scope_violation, stigmatizing_language
from simulator.engine.scenario import Scenario
from simulator.engine.voices import VoiceRequest

UNITS = re.findall(
    r"\w+",
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen",
)
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
TENS |= {"eighty": 80, "ninety": 90}
NUMBER_WORDS = {word: value for value, word in enumerate(UNITS)} | TENS
#: "one" is more often a pronoun than a number; it is not checked.
UNCHECKED_NUMBERS = {1.0}

BREAKS_CHARACTER = re.compile(
    r"\bas an? (?:ai|artificial intelligence|language model|assistant|chatbot)\b"
    r"|\b(?:i am|i'm) (?:just )?an? (?:ai|artificial intelligence|language model|chatbot"
    r"|virtual assistant|assistant|bot)\b"
    r"|\blanguage model\b|\bopenai\b|\bchatgpt\b|\brole-?play\b|\bsimulat(?:ed|ion)\b"
    r"|\bi (?:cannot|can't|am unable to) (?:help|assist|provide|comply|continue)\b"
    r"|\bhow (?:can|may) i (?:help|assist) you\b|\bi'm here to (?:help|assist|support) you\b"
    r"|\bis there anything else i can\b|\bfeel free to (?:ask|reach out)\b"
    r"|<\||\|>|\[/?inst\]",
    re.IGNORECASE,
)
ROLE_LABEL = (
    r"(?:^|[.!?]\s+)\W*(?:assistant|user|system|helper|trainee|peer(?: specialist)?|person"
    r"|client|patient|consumer|specialist|{name})\W*:"
)
HARMFUL_INSTRUCTIONS = re.compile(
    r"\b(?:how|ways?|best way) to (?:kill|hurt|harm|cut|hang|overdose|end it|end your)"
    r"|\blethal dose\b|\boverdose on\b|\b\d+(?:\.\d+)? ?(?:mg|milligrams?|mcg|ml)\b"
    r"|\b(?:take|swallow) (?:all|a handful|a bottle|\d+|\w+ of)\b[^.?!]{0,30}\b(?:pills?|tablets?)"
    r"|\b(?:increase|double|lower|stop|skip|cut|halve) (?:your|the) (?:dose|dosage|meds"
    r"|medications?|pills?)\b",
    re.IGNORECASE,
)
COMMON_CAPITALS = set(
    re.findall(
        r"\w+",
        "monday tuesday wednesday thursday friday saturday sunday january february march april "
        "may june july august september october november december god mom dad mum ma pa ok okay "
        "oh hey hi yeah yes no well um uh mm hmm aa na er icu english spanish christmas "
        "thanksgiving easter sir maam",
    )
)
_vocabularies: dict[str, frozenset[str]] = {}


def guard_problem(reply: str, request: VoiceRequest, max_chars: int) -> str | None:
    """Why `reply` may not be shown for `request`, in a few words; None when it passes."""
    checks: list[Callable[[str, VoiceRequest], str | None]] = [
        _breaks_character,
        _role_label,
        _repeated,
        _harmful,
        _stigmatizing,
        _invented_number,
        _dropped_number,
        _invented_name,
    ]
    if not reply.strip():
        return "empty reply"
    if len(reply) > max_chars:
        return f"too long ({len(reply)} characters, at most {max_chars})"
    for check in checks:
        problem = check(reply, request)
        if problem is not None:
            return problem
    return None


def _breaks_character(reply: str, request: VoiceRequest) -> str | None:
    found = BREAKS_CHARACTER.search(reply)
    if found is None or BREAKS_CHARACTER.search(request.authored):
        return None
    return f"breaks character ('{found.group(0)}')"


def _role_label(reply: str, request: VoiceRequest) -> str | None:
    name = re.escape(request.scenario.person.name)
    found = re.search(ROLE_LABEL.format(name=name), reply, re.IGNORECASE | re.MULTILINE)
    return f"breaks character (a role label '{found.group(0).strip()}')" if found else None


def _harmful(reply: str, request: VoiceRequest) -> str | None:
    found = HARMFUL_INSTRUCTIONS.search(reply)
    if found is not None and not HARMFUL_INSTRUCTIONS.search(request.authored):
        return f"medical or self-harm instructions ('{found.group(0)}')"
    flag = scope_violation.detect(reply, "helper")
    if flag is not None and scope_violation.detect(request.authored, "helper") is None:
        return f"medical advice outside the scenario ({flag.detail})"
    return None


def _stigmatizing(reply: str, request: VoiceRequest) -> str | None:
    flag = stigmatizing_language.detect(reply, "helper")
    if flag is None or stigmatizing_language.detect(request.authored, "helper") is not None:
        return None
    return f"a stigmatizing label ({flag.detail.split(':')[0]})"


def _invented_number(reply: str, request: VoiceRequest) -> str | None:
    allowed = numbers_in(" ".join(_person_knows(request)))
    invented = sorted(numbers_in(reply) - allowed - UNCHECKED_NUMBERS)
    if not invented:
        return None
    listed = ", ".join(f"{n:g}" for n in invented)
    return f"contradicts the facts (the number {listed} is not in the scenario's facts)"


def _dropped_number(reply: str, request: VoiceRequest) -> str | None:
    missing = sorted(numbers_in(request.authored) - numbers_in(reply) - UNCHECKED_NUMBERS)
    if not missing:
        return None
    return f"drops a fact (the number {', '.join(f'{n:g}' for n in missing)} of the written line)"


def _invented_name(reply: str, request: VoiceRequest) -> str | None:
    known = _vocabulary(request.scenario) | words_in(
        " ".join(text for _, text in request.history) + " " + request.helper
    )
    for sentence in re.split(r"(?<=[.!?:;])\s+|\n+", reply):
        for word in re.findall(r"[A-Za-zÀ-ÿ]+", sentence)[1:]:
            if not word[0].isupper() or word == "I":
                continue
            if word.lower() not in known and word.lower() not in COMMON_CAPITALS:
                return f"contradicts the facts (names '{word}', whom the scenario never mentions)"
    return None


def _repeated(reply: str, request: VoiceRequest) -> str | None:
    said = {
        " ".join(words_in_order(text)) for speaker, text in request.history if speaker == "person"
    }
    if " ".join(words_in_order(reply)) in said:
        return "repeats an earlier reply word for word"
    return None


def _person_knows(request: VoiceRequest) -> Iterable[str]:
    """What the person may state: the written line, facts, person sheet, and what they said."""
    person = request.scenario.person
    yield request.authored
    yield from (fact.answer for fact in request.scenario.facts)
    yield from (str(person.age), person.background, person.ambivalence, *person.goals)
    yield request.scenario.opening
    yield from (text for speaker, text in request.history if speaker == "person")


def _vocabulary(scenario: Scenario) -> frozenset[str]:
    """Every word anywhere in the scenario file (lines, facts, aliases, person sheet)."""
    if scenario.fingerprint not in _vocabularies:
        _vocabularies[scenario.fingerprint] = frozenset(words_in(scenario.model_dump_json()))
    return _vocabularies[scenario.fingerprint]


def words_in(text: str) -> set[str]:
    """The lowercased words of `text`."""
    return set(re.findall(r"[a-zà-ÿ]+", text.lower()))


def words_in_order(text: str) -> list[str]:
    """The lowercased words of `text`, in order."""
    return re.findall(r"[a-zà-ÿ0-9]+", text.lower())


def numbers_in(text: str) -> set[float]:
    """The numbers `text` says, in digits or words ('fifteen', 'forty-two', '2.5')."""
    found: set[float] = set()
    tokens = re.findall(r"\d+(?:\.\d+)?|[a-z]+", text.lower())
    for position, token in enumerate(tokens):
        if token[0].isdigit():
            found.add(float(token))
        elif token in NUMBER_WORDS:
            value = NUMBER_WORDS[token]
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            if token in TENS and following in UNITS[1:10]:
                value += NUMBER_WORDS[following]
            previous = tokens[position - 1] if position else ""
            if not (token in UNITS[1:10] and previous in TENS):
                found.add(float(value))
    return found
