"""Crisis indicator: a consumer mentions suicidal thoughts, self-harm or harming someone else.

The simulator turns this flag into a crisis state. Safety comes first, so quoted words count
here too (a person may quote their own thoughts: I keep thinking "I want to die"); only common
idioms ("this traffic is killing me", "I'd kill for a coffee"), explicit denials and other
people's deaths ("my uncle died by suicide") are left out. A past crisis ("I tried to hang
myself two years ago") counts unless the person says it is behind them ("...but I haven't
had thoughts like that in years") and expresses no current risk ("...and it's back again").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx, rx_lower, sentence_spans

SUICIDAL = rx_lower(
    r"\b(?:kill|killing|killed|off|offing|unalive|unaliving) my ?self\b|\bsewer ?slide\b",
    r"\b(?:hang|hanging|hanged|hung|drown|drowning|shoot|shooting|shot|poison|poisoning"
    r"|suffocate|suffocating|overdose|overdosing|od) my ?self\b(?! in the (?:foot|leg))",
    r"\b(?:tried|try|trying|tries|attempted|want|wanted|wanting|going|planning|plan|thinking"
    r" about) to (?:overdose|od)\b",
    r"\bi(?:'ve| have)? (?:\w+ )?attempted\b(?! (?:to|the|a|an|my|this|that|it)\b)"
    r"|\b(?:my|last|previous|first|second) (?:suicide )?attempts?\b(?! (?:at|to)\b)",
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
    r"\bhow (?:many|much) (?:of )?(?:my |the |those |these |his |her )?(?:\w+ )?(?:pills|tablets"
    r"|meds|insulin)\b[^.?!]*\b(?:take|kill|enough|die)|\benough (?:pills|tablets|meds) to\b",
    r"\b(?:looked up|looking up|look up|googled|googling|searched|searching|researched"
    r"|researching|reading about|read about) (?:\w+ ){0,3}?(?:lethal|fatal|overdose|ways to die"
    r"|how to (?:die|kill|hang|overdose|end it|od)|painless|suicide|the dose that)",
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
    r"\b(?:gave|give|giving|given) (?:away )?(?:\w+ )?(?:my|all my|all of my) (?:\w+ )?(?:stuff"
    r"|things|belongings|possessions)\b|\bwon't (?:need|be needing) (?:it|them|any of (?:it|this"
    r"|that|them)) (?:anymore|where i'm going|after (?:tonight|this|i'm gone))",
    r"\b(?:jump|jumping|jumped) (?:off|from) (?:a |the |my )?(?:\w+ )?(?:bridge|building|roof"
    r"|rooftop|cliff|ledge|balcony|overpass|tower|window)",
    r"\b(?:jump|jumping|jumped|step|stepping|stepped|walk|walked) in front of (?:a |the )?(?:train"
    r"|bus|car|truck|traffic)",
    r"\b(?:drive|driving|drove|steer|steering|steered|swerve|swerving|swerved|crash|crashing"
    r"|veer|veering) (?:my car |the car |it )?(?:into|off|in front of) (?:a |the |oncoming )?"
    r"(?:wall|tree|bridge|cliff|road|traffic|truck|overpass|pole|river|lake|median|barrier"
    r"|guardrail|oncoming|train)",
    r"\b(?:not|won't|will not) (?:going to )?(?:be|being) (?:around|here|alive) (?:anymore"
    r"|much longer|for much longer)|\bdisappear(?:ed|ing)? (?:for good|forever)",
    r"\b(?:don't|do not|can't|cannot) (?:see|picture|imagine) (?:myself )?(?:making it|being"
    r" (?:alive|around|here)|living|getting old|growing old|still (?:alive|here|around))",
    r"\b(?:like|as if) it (?:was|were|would be) the last time\b|\b(?:said|saying|say)"
    r" (?:my )?goodbyes?\b[^.?!]{0,60}\b(?:last time|for good|forever|one last)",
    r"\b(?:guns?|rope|pills|knife|razors?|blades?)\b[^.?!]{0,60}\b(?:keep|kept|can't stop|been)"
    r" (?:thinking|think) about (?:it|them|using)|\b(?:keep|kept|can't stop) thinking about"
    r" (?:the|my|his|her|\w+'s) (?:\w+ )?(?:gun|rope|pills|bridge)",
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
SELF_HARM = rx_lower(
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|hit|hitting|punish|punishing"
    r"|starve|starving) my ?self\b",
    r"\bself[- ]harm",
    r"\b(?:been |started )?(?:cutting|burning) (?:again|my (?:arms?|legs?|wrists?|skin))",
    r"\b(?:cut|scratched|scratching|burned|hit|hitting|punched|punching|bit|biting|carved)"
    r" (?:at |into )?my (?:own )?(?:arms?|legs?|wrists?|skin|thighs?|face|head|stomach)",
    r"\buntil (?:it|they|i) bled\b",
    r"\bi(?:'ve)? (?:cut|burned|burnt|scratched|hit|punched|hurt) (?:again|myself)\b"
    r"|\b(?:cut|cuts|cutting) (?:\w+ )?deeper\b|\bi used to (?:cut|burn|self[- ]harm)\b",
    r"\b(?:do|doing|did) (?:something|anything) (?:\w+ )?to my ?self\b",
)
INTENT = (
    r"\bi(?:'ll|'d|'m| will| would| am| want to| wanna| could| might| gonna| going to| swear i'll)"
    r"(?: (?:going to|gonna|really|just|seriously))?"
)
HARM_OTHERS = rx_lower(
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
    r"\b(?:feel|feeling|felt|thoughts?|thinking|urges?|fantasi[sz]ing|dreaming) (?:like|of|about"
    r"|to) (?:really )?(?:hurting|killing|harming|stabbing|shooting|strangling|beating up|hurt"
    r"|kill|harm|stab|shoot) (?:him|her|them|someone|somebody|anyone|people|my (?:\w+ )?\w+)\b",
)
# "lol i'm gonna kill my brother" is a joke; "I'm not even joking" is not.
JOKING = rx(
    r"(?<!not )(?<!not even )(?<!no )(?<!n't )\b(?:lol|lmao|haha\w*|hehe|jk|j/k|just kidding"
    r"|kidding|joking)\b|😂|🤣"
)
SERIOUS = rx(r"\bnot (?:even )?(?:joking|kidding)\b|\bi mean it\b|\b(?:i'm|i am|dead) serious\b")
NOT_A_CRISIS = rx(
    r"\b(?:died|death|dying|lost \w+(?: \w+)?) (?:by|to|from|of) suicide\b",
    r"\b(?:not|never (?:been|felt|was)|wasn't|isn't|am not) (?:feeling )?suicidal\b",
    r"\bsuicide (?:prevention|hotline|line|awareness|walk|training)\b",
    r"\bnever (?:thought|think) (?:about|of) (?:killing|hurting|harming) my ?self\b",
    r"\b(?:would|will|could) never (?:kill|hurt|harm) my ?self\b",
    r"\b(?:not|never|won't|wouldn't) (?:going to |gonna |ever )?(?:hurt|harm|kill|do (?:anything"
    r"|something)(?: \w+)? to) my ?self\b",
    r"\b(?:killing|kill) (?:time|it)\b|\bkilling me\b|\b(?:kill|die) for\b|\bdying to\b",
    r"\bcut (?:back|down)\b",
    r"\bfall (?:down )?and (?:hurt|harm) my ?self\b",
    r"\basked (?:me )?(?:if|whether|about)\b[^.?!]{0,80}\b(?:and|but|so) i (?:said|told (?:her|him"
    r"|them)|answered|was honest and said) no\b",
    r"\b(?:no|not having(?: any)?|don't have(?: any)?|haven't had(?: any)?|never had(?: any)?)"
    r" (?:suicidal )?(?:thoughts|plans|urges) (?:of|about|to) (?:suicide|killing|hurting|harming"
    r"|ending|dying)",
    r"\b(?:don't|do not|never|wouldn't|would never|won't|not) (?:\w+ ){0,2}(?:hurt|harm|kill)"
    r"(?:ing)? (?:anyone|anybody|someone|somebody|people|him|her|them)\b",
)
# A match that is about the past: "I tried to hang myself", "I used to cut", "I attempted".
PAST = rx(
    r"\b(?:tried|attempted|used|was going|had wanted|wanted) to (?:\w+ )?$",
    r"\b(?:when i was (?:a kid|a teen|a teenager|young|younger|little|in (?:high )?school|\d+"
    r"|\w+teen)|back in (?:\d{4}|high school|college|the day)|years ago|as a (?:kid|teen"
    r"|teenager))\b",
)
PAST_MATCH = rx(r"\battempt|\bused to\b|\btried\b")
# ...said to be behind them: "but I haven't in over ten years", "I'm in a good place now".
RESOLVED = rx(
    r"\b(?:haven't|have not|hasn't|has not) (?:\w+ ){0,4}?(?:since|in (?:over |almost |nearly"
    r" |about )?(?:\w+ )?(?:years?|months?)|for (?:\w+ )?(?:years?|a long time))\b",
    r"\b(?:don't|do not|never) (?:do|did|feel|felt|think|thought|have|had) (?:it|that|like that"
    r"|those thoughts|that way) (?:anymore|any more|again|since)\b",
    r"\b(?:good|better|safe|great|stable|healthy|different) place\b",
    r"\bno (?:more )?(?:thoughts|urges|plans) like (?:that|it)\b",
    r"\b(?:in recovery|recovered|got (?:help|through it)|came through"
    r"|behind me|stable now)\b",
)
NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno longer)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
# ...unless it is current or recent: "the thoughts are back", "again this week", "last night".
CURRENT = rx(
    r"\b(?:thoughts?|urges?|feelings?|they|it)(?:'re|'s| are| is| have| has)? (?:been )?(?:coming"
    r" |come |came )?back\b",
    r"\b(?:feel|feeling|felt|think|thinking|thought|want|wanting|urge)\b[^.?!]{0,40}"
    r"\bagain\b",
    r"\b(?:last night|yesterday|today|tonight|this (?:morning|week|weekend|afternoon|month)"
    r"|last week|days ago|right now|lately|recently|these days)\b",
    r"\bstill (?:think|thinking|want|wanting|feel|have (?:the|those) (?:thoughts|urges))\b",
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


def _behind_them(text: str) -> bool:
    """Whether the person says a past crisis is over and nothing says it is current again."""
    resolved = any(
        not NEGATED.search(text[max(0, found.start() - 30) : found.start()])
        for found in RESOLVED.finditer(text)
    )
    return resolved and not CURRENT.search(text)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a consumer's words show a possible crisis."""
    if speaker != "consumer":
        return None
    text, low = normalized(text)
    behind_them = None  # computed once, only when a past crisis is mentioned
    for start, end in sentence_spans(low):
        sentence = low[start:end]
        for pattern, what in KINDS:
            match = pattern.search(sentence)
            if match is None:
                continue
            excluded = NOT_A_CRISIS.search(sentence)
            if excluded and excluded.start() <= match.end() and match.start() <= excluded.end():
                continue
            if pattern is HARM_OTHERS and JOKING.search(sentence) and not SERIOUS.search(low):
                continue
            if PAST_MATCH.search(match.group(0)) or PAST.search(sentence[: match.start()]):
                if behind_them is None:
                    behind_them = _behind_them(low)
                if behind_them:
                    continue
            found = text[start + match.start() : start + match.end()]
            return PeerFlag("crisis_indicator", f'{what} ("{found}")', SUGGESTION)
    return None
