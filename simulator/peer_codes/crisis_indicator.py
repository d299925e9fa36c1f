"""Crisis indicator: a consumer mentions suicidal thoughts, self-harm or harming someone else.

The simulator turns this flag into a crisis state. Safety comes first, so quoted words count
here too (a person may quote their own thoughts: I keep thinking "I want to die"); only common
idioms ("this traffic is killing me", "I'd kill for a coffee"), explicit denials and other
people's deaths ("my uncle died by suicide") are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding import PeerFlag, Speaker
from simulator.peer_codes._text import rx, sentences, straighten

SUICIDAL = rx(
    r"\b(?:kill|killing|killed|off|offing) my ?self\b",
    r"\bsuicid(?:e|al)\b",
    r"\b(?:end|ending|take|taking) (?:my|it) (?:own )?(?:life|all)\b",
    r"\bend it(?: all)?(?: for good)?\b(?! with)",
    r"\bwant(?:ed|s)? to die\b",
    r"\bwish (?:i was|i were|i'd|i could be) (?:dead|never born|gone)",
    r"\bbetter off (?:dead|without me|if i (?:was|were) gone)",
    r"\b(?:don't|do not|didn't) want to (?:be here|live|be alive|wake up|exist|go on)",
    r"\b(?:go to sleep|fall asleep) and (?:not|never) wake up",
    r"\b(?:no|don't see the|don't see any|what's the) (?:reason|point) (?:to|in|of) (?:live"
    r"|living|going on|being here|being alive|anything anymore)",
    r"\b(?:not|stop|quit) (?:being|be) (?:here|alive|around)\b(?! (?:on|at|until|till|for|next"
    r"|tomorrow|today|this))",
    r"\bhow (?:many|much) (?:\w+ )?(?:pills|tablets|meds|insulin)\b[^.?!]*\b(?:take|kill|enough"
    r"|die)|\benough (?:pills|tablets|meds) to\b",
    r"\b(?:bought|got|have|found|tied) (?:a |the |some )?(?:rope|noose|gun)\b",
    r"\b(?:stood|standing|stand|was|sat|sitting) (?:on|at) (?:the |a )?(?:edge of (?:the |a )?)?"
    r"(?:bridge|ledge|roof|rooftop|train tracks|tracks|cliff)",
    r"\bcan't (?:go on|keep living|live like this)",
    r"\b(?:overdose|od) on purpose|\btook (?:a bunch of|all (?:my|the|of my)|too many) (?:\w+ )?"
    r"(?:pills|meds|tablets)",
    r"\b(?:saving|saved|stockpiling|hoarding|collecting) (?:up )?(?:my |the |all my )?(?:\w+ )?"
    r"(?:pills|meds|tablets)",
    r"\b(?:pills|meds|tablets) (?:saved|stashed|stockpiled|hidden) (?:up|away)",
    r"\bgoodbye (?:letters?|notes?)|\bsuicide note|\bwrote (?:a )?(?:note|letters?) to"
    r" (?:my|everyone)",
    r"\bgave away (?:\w+ )?(?:my|all my) (?:stuff|things|belongings)",
    r"\b(?:jump|jumping|jumped) (?:off|from) (?:a |the |my )?(?:\w+ )?(?:bridge|building|roof"
    r"|rooftop|cliff|ledge|balcony|overpass|tower|window)",
    r"\b(?:jump|jumping|jumped|step|stepping|stepped|walk|walked) in front of (?:a |the )?(?:train"
    r"|bus|car|truck|traffic)",
    r"\b(?:drive|driving|drove) (?:my car )?(?:into|off) (?:a |the )?(?:wall|tree|bridge|cliff"
    r"|road|traffic|truck)",
    r"\bnot (?:be|being) (?:around|here) (?:anymore|much longer)|\bdisappear (?:for good|forever)",
    r"\b(?:a|the) (?:gun|rope|pills) (?:is|are) (?:ready|waiting|in my)",
    r"\b(?:if|when|once) i (?:just )?(?:died|was dead|were dead|was gone|were gone"
    r"|wasn't (?:here|around|alive)|weren't (?:here|around|alive)|killed myself"
    r"|disappeared for good)\b",
    r"\b(?:nobody|no one|none of them) would (?:even )?(?:notice|care|miss me)\b",
    r"\b(?:picturing|imagining|thinking about|planning|fantasi[sz]ing about) (?:myself |my own )?"
    r"(?:overdosing|dying|being dead|my (?:own )?funeral|jumping|hanging|not waking up)",
    r"\bsleep forever\b|\b(?:never|not) wak(?:e|ing) up\b",
    r"\bin case i (?:don't|do not|didn't) make it\b|\b(?:a )?(?:note|letter) for (?:my|everyone)"
    r"\b[^.?!]*\b(?:in case|after i|when i'm gone)",
    r"\bwant (?:it all|everything|my life|the pain|all of this) to (?:be over|end|stop)",
    r"\bway out\b[^.?!]*\b(?:dying|death|die|pills|gun|end)",
)
SELF_HARM = rx(
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|hit|hitting|punish|punishing"
    r"|starve|starving) my ?self\b",
    r"\bself[- ]harm",
    r"\b(?:been |started )?(?:cutting|burning) (?:again|my (?:arms?|legs?|wrists?|skin))",
    r"\b(?:cut|scratched|scratching|burned|hit|hitting|punched|punching|bit|biting|carved)"
    r" (?:at |into )?my (?:own )?(?:arms?|legs?|wrists?|skin|thighs?|face|head|stomach)",
    r"\buntil (?:it|they|i) bled\b",
)
INTENT = (
    r"\bi(?:'ll|'d|'m| will| would| am| want to| wanna| could| might| gonna| going to| swear i'll)"
    r"(?: (?:going to|gonna|really|just|seriously))?"
)
HARM_OTHERS = rx(
    rf"{INTENT} (?:kill|hurt|shoot|stab|strangle|beat up|beat the \w+ out of|get back at|make \w+"
    r" pay)"
    r" (?:him|her|them|that \w+|my (?:\w+ )?(?:boss|ex|husband|wife|partner|landlord|dad|mom"
    r"|father|mother|brother|sister|neighbou?r|son|daughter|caseworker|kids?)|someone|somebody"
    r"|everyone|everybody|people|those \w+)\b",
    r"\bbeat (?:him|her|them) (?:up|senseless)|\bbeat the (?:hell|crap|life) out of",
    r"\bshoot up (?:the|that|this) (?:place|school|office|building|clinic)",
    r"\b(?:bring|brought|get|got|have|has) (?:a|my) (?:gun|knife|weapon)\b[^.?!]*\b(?:him|her"
    r"|them|there|work|school|clinic|office)",
    r"\b(?:want|wanted|going|gonna|could|will) (?:to )?(?:kill|hurt) (?:somebody|someone"
    r"|anyone|people)\b",
)
NOT_A_CRISIS = rx(
    r"\b(?:died|death|dying|lost \w+(?: \w+)?) (?:by|to|from|of) suicide\b",
    r"\b(?:not|never (?:been|felt|was)|wasn't|isn't|am not) (?:feeling )?suicidal\b",
    r"\bsuicide (?:prevention|hotline|line|awareness|walk|training)\b",
    r"\bnever (?:thought|think) (?:about|of) (?:killing|hurting|harming) my ?self\b",
    r"\b(?:would|will|could) never (?:kill|hurt|harm) my ?self\b",
    r"\b(?:not|never|won't|wouldn't) (?:going to |gonna |ever )?(?:hurt|harm|kill) my ?self\b",
    r"\b(?:killing|kill) (?:time|it)\b|\bkilling me\b|\b(?:kill|die) for\b|\bdying to\b",
    r"\bcut (?:back|down)\b",
    r"\bfall (?:down )?and (?:hurt|harm) my ?self\b",
)
KINDS = (
    (SUICIDAL, "mentions suicidal thoughts or plans"),
    (SELF_HARM, "mentions self-harm"),
    (HARM_OTHERS, "mentions harming someone else"),
)
SUGGESTION = (
    "Stay with the person, ask directly and calmly about suicide or safety, don't promise"
    " secrecy, and connect them to 988, a crisis team or your supervisor as your protocol says."
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a consumer's words show a possible crisis."""
    if speaker != "consumer":
        return None
    for sentence in sentences(straighten(text)):
        for pattern, what in KINDS:
            match = pattern.search(sentence)
            if match is None:
                continue
            excluded = NOT_A_CRISIS.search(sentence)
            if excluded and excluded.start() <= match.end() and match.start() <= excluded.end():
                continue
            return PeerFlag("crisis_indicator", f'{what} ("{match.group(0)}")', SUGGESTION)
    return None
