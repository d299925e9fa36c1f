"""Scope-of-practice violation: the helper diagnoses, advises on medication or dose, gives legal
advice, or promises an outcome. Peers share experience, support choice and refer instead.

Questions are not diagnoses ("Has anyone talked with you about depression?"), reported words are
not advice ("your doctor said you have PTSD"), and quoted words are the person's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.coding import PeerFlag, Speaker
from simulator.peer_codes._text import is_question, rx, sentences, straighten, without_quotes

DIAGNOSES = (
    r"(?:bipolar(?: disorder)?|schizophreni[ac]|schizoaffective|borderline|bpd|ptsd|adhd|ocd"
    r"|(?:clinical |major |clinically )?depress(?:ed|ion)|psychotic|psychosis|manic|paranoid"
    r"|an? (?:personality|mental|mood|anxiety|eating|bipolar|psychotic|thought|panic|substance use"
    r"|alcohol use|opioid use) disorder|an? (?:anxiety|panic) disorder|an? (?:mental )?illness"
    r"|(?:in )?withdrawal|an addiction|alcoholism)"
)
CERTAINLY = r"(?:(?:probably|definitely|clearly|obviously|likely|really|just) )?"
DIAGNOSING = rx(
    rf"\b(?:you|he|she|they)(?:'re| are| is|'s) {CERTAINLY}(?:suffering from )?{DIAGNOSES}\b",
    rf"\b(?:you|he|she|they) {CERTAINLY}(?:have|has|got|suffer from|must be|might be|could be"
    rf"|may be) (?:got )?(?:a touch of |some |a bit of |full-blown )?{DIAGNOSES}\b",
    rf"\b(?:sounds|looks|seems) (?:a lot |to me )?like (?:you have |classic |textbook |a case of )?"
    rf"{DIAGNOSES}\b",
    rf"\b(?:that's|that is|those are|it's|it is) (?:classic |textbook |definitely |probably "
    rf"|a sign of |signs of |symptoms of )+{DIAGNOSES}\b",
    rf"\bi (?:think|bet|believe|'d say|would say) (?:you(?:'re| are| have)|it's) {DIAGNOSES}\b",
    r"\byou(?:'re| are) (?:an? )?(?:bipolar|schizophrenic|borderline|psychotic|manic)\b",
    r"\byou(?:'re| are) (?:\w+ )?(?:having|in) (?:a |an )?(?:manic|psychotic|depressive|panic"
    r"|bipolar|mixed|hypomanic) (?:episode|attack|state|break)",
)
REPORTED = re.compile(
    r"\b(?:said|says|told you|tells you|diagnosed|thinks?|called it|wrote|mentioned|was told"
    r"|were told|according to)\b[^.?!]*$",
    re.IGNORECASE,
)
MED_NAMES = (
    r"(?:dose|dosage|doses|meds|medications?|pills?|tablets?|prescription|lithium|seroquel"
    r"|quetiapine|xanax|klonopin|ativan|adderall|zoloft|prozac|lexapro|wellbutrin|abilify"
    r"|depakote|lamictal|risperdal|zyprexa|clozapine|suboxone|methadone|buprenorphine|naltrexone"
    r"|vivitrol|antidepressants?|antipsychotics?|benzos?|mood stabili[sz]ers?|sleeping pills"
    r"|\d+ ?(?:mg|milligrams))"
)
MED_ACTION = (
    r"(?:take|taking|try|trying|increase|decrease|lower|raise|up|double|halve|cut|cut back on"
    r"|cut down on|skip|skipping|split|stop|stopping|quit|come off|coming off|taper|taper off"
    r"|wean off|wean yourself off|switch|switch to|go off|get off|add|drop|mix|combine|stay off)"
)
MED_ADVICE = rx(
    rf"\b(?:you (?:should|could|can|need to|have to|must|ought to|might want to|may want to"
    rf"|'d better|had better|just)|you'd be better off|why (?:don't|not) you|if i were you,? i'd"
    rf"|i(?:'d| would)(?: just)?|try to|just|maybe|it's (?:fine|okay|ok|safe|better) to"
    rf"|no harm in|go ahead and|don't be afraid to)\s+(?:\w+ )?{MED_ACTION}\s+(?:taking )?"
    rf"(?:your |the |a |an |those |that |half (?:a |of )?(?:your )?|an extra |more |less |some"
    rf" |one |two |another )?(?:\w+ )?{MED_NAMES}\b",
    rf"^\s*(?:just |maybe |so )?(?:don't |do not )?{MED_ACTION} (?:taking )?(?:your |the "
    rf"|half (?:a |of )?(?:your )?|an extra |more |less |some |another |(?:one|two|three|a couple)"
    rf" (?:of )?(?:the |your |those )?)?(?:\w+ )?{MED_NAMES}\b",
    rf"\byou (?:don't|do not|won't) (?:really )?need (?:your |the |those |that |any )?(?:\w+ )?"
    rf"{MED_NAMES}\b",
    rf"\b{MED_NAMES} (?:is|are) (?:poison|bad for you|a crutch|not (?:the answer|necessary"
    rf"|real recovery))",
    r"\b(?:is|as|that's|it's) (?:a |the )?(?:really |very |pretty )?(?:normal|safe|low|high"
    r"|typical|standard|small|tiny)"
    r" dose\b",
    r"\b(?:it's|it is) (?:fine|okay|ok|safe) to (?:drink|use|smoke) (?:\w+ ){0,3}(?:on|with|while)",
)
LEGAL_ADVICE = rx(
    r"\byou should (?:sue|plead|press charges|file (?:a )?(?:lawsuit|suit|claim)|fight (?:it|the)"
    r" in court|sign the plea|take the plea)",
    r"\b(?:plead|take the plea|sign the plea)\b(?! (?:deal )?(?:is|was) (?:your|up to))",
    r"\b(?:legally|by law),? (?:they|you|your (?:landlord|boss|employer|ex)|he|she)"
    r" (?:can't|cannot|can|have to|must|don't have to)",
    r"\b(?:they|your (?:landlord|boss|employer|ex|caseworker)|he|she) (?:can't|cannot)"
    r" (?:legally )?(?:evict|fire|take (?:your|the) kids|arrest|deport|sue) you",
    r"\byou(?:'ll| will) (?:definitely |easily )?(?:win|lose) (?:the|your) (?:case|custody"
    r"|hearing|appeal|lawsuit)",
    r"\b(?:don't|do not|never) (?:tell|talk to|answer) (?:the|your) (?:police|cops|probation"
    r" officer|parole officer|judge|court)",
    r"\b(?:just )?(?:ignore|skip|don't go to) (?:the|your) (?:court date|summons|hearing"
    r"|eviction notice)",
)
PROMISE = rx(
    r"\bi (?:promise|guarantee) (?:you )?(?:that )?(?:you(?:'ll| will)|it(?:'ll| will)"
    r"|everything|things|this|they(?:'ll| will)?|nothing|the)",
    r"\b(?:i can )?guarantee (?:you |that )",
    r"\b(?:everything|things|it) (?:will|is going to|'s going to|'ll) (?:definitely |totally"
    r" |absolutely |100% )?(?:be (?:fine|okay|ok|alright|all right|perfect)|work out)",
    r"\byou(?:'ll| will) (?:definitely |absolutely |for sure |certainly )?(?:get (?:your kids"
    r"|custody|the (?:job|apartment|housing)|your (?:job|apartment|license)) back|be cured"
    r"|never (?:relapse|use again|drink again|go back|end up)|get the (?:job|apartment|housing)"
    r"|definitely get)",
    r"\b(?:the|this|that|our) (?:program|medication|treatment|group|plan) (?:will|is going to)"
    r" (?:definitely )?(?:fix|cure|solve)",
    r"\b(?:definitely|certainly|for sure|100%) (?:will|going to) (?:work|get better|happen)",
)

SUGGESTING = re.compile(
    r"\s*(?:why (?:don't|not) you|why not|have you tried|have you thought about|could you just"
    r"|what if you)\b",
    re.IGNORECASE,
)


def _asks_or_reports(sentence: str, start: int) -> bool:
    """A question ("Do you think it's depression?") or someone else's words are no diagnosis."""
    asks = is_question(sentence) and not sentence.lstrip().lower().startswith("you")
    return asks or bool(REPORTED.search(sentence[:start]))


def _only_asks(sentence: str, start: int) -> bool:
    """A question about medication is not advice, unless it is a suggestion in disguise."""
    return is_question(sentence) and not SUGGESTING.match(sentence)


def _never(sentence: str, start: int) -> bool:
    return False


@dataclass(frozen=True)
class ScopeRule:
    """One way of stepping outside the peer role, and when a match does not count."""

    pattern: re.Pattern[str]
    what: str
    suggestion: str
    excused: Callable[[str, int], bool] = _never


RULES = (
    ScopeRule(
        DIAGNOSING,
        "diagnoses",
        "Peers don't diagnose: reflect what the person describes and offer to connect them with"
        " someone who can assess it.",
        _asks_or_reports,
    ),
    ScopeRule(
        MED_ADVICE,
        "advises on medication or dose",
        "Medication decisions belong to the person and their prescriber: ask what they'd like to"
        " raise with the prescriber, and offer to support that conversation.",
        _only_asks,
    ),
    ScopeRule(
        LEGAL_ADVICE,
        "gives legal advice",
        "Offer to connect the person with legal aid or an advocate instead of advising.",
    ),
    ScopeRule(
        PROMISE,
        "promises an outcome",
        "Offer hope without guarantees: say what is possible and what you will do to help.",
    ),
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper steps outside the peer role (the first kind found)."""
    if speaker != "helper":
        return None
    for sentence in sentences(without_quotes(straighten(text))):
        for rule in RULES:
            match = rule.pattern.search(sentence)
            if match and not rule.excused(sentence, match.start()):
                detail = f'{rule.what} ("{match.group(0).strip()}")'
                return PeerFlag("scope_violation", detail, rule.suggestion)
    return None
