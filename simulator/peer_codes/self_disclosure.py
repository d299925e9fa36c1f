"""Self-disclosure: the helper shares their own lived experience of recovery, illness or use.

Not a fault — purposeful, brief, invited disclosure is a peer skill — but it is counted, so
trainees and supervisors can see when and how often they share.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding import PeerFlag, Speaker
from simulator.peer_codes._text import rx, straighten, without_quotes

SUBSTANCE_OR_CARE = (
    r"(?:using|drinking|high|sick|unwell|struggling|depressed|homeless|in (?:the )?(?:hospital"
    r"|treatment|rehab|detox|jail|prison|crisis|active addiction|my addiction)|first diagnosed"
    r"|getting sober|new to recovery|early in (?:my )?recovery)"
)
MEDS = (
    r"(?:medications?|meds|antidepressants?|antipsychotics?|lithium|methadone|buprenorphine"
    r"|suboxone|naltrexone|mood stabili[sz]ers?|pills for (?:my|anxiety|depression))"
)
CONDITIONS = (
    r"(?:depression|anxiety|bipolar|schizophrenia|psychosis|ptsd|addiction|alcoholism"
    r"|an? (?:substance|alcohol|opioid) use disorder|(?:my )?mental health|voices|panic attacks)"
)
LIVED_TERMS = (
    r"(?:drinking|drunk|using|drugs|detox|rehab|treatment|psych ward|psychiatric|hospital|prison"
    r"|jail|recovery|sober|sobriety|relapsed?|antidepressants?|medications?|meds|diagnos\w+"
    r"|episodes?|psychotic|psychosis|depression|depressed|anxiety|panic attacks?|voices|overdose"
    r"|homeless\w*|withdrawal|cravings?|sponsor|addiction|bipolar|schizophrenia|ptsd"
    r"|suicide attempt|self-harm|methadone|suboxone|inpatient)\b"
)
LIVED_EXPERIENCE = rx(
    rf"\bi(?:'ve| have| had|'d)? (?:was|had|spent|went|got|took|lost|used|been|struggled"
    rf"|survived|needed|relapsed|overdosed|quit|stopped|tried|still have|know what it's like)\b"
    rf"(?:\W+\w+){{0,8}}?\W+(?<!your )(?<!you )(?<!you're )(?<!their )(?<!her )(?<!his )"
    rf"{LIVED_TERMS}",
    rf"\bmy (?:own )?(?:\w+ )?{LIVED_TERMS}",
    rf"\bi(?:'m| am) on (?:an? |my )?(?:\w+ )?{MEDS}",
    r"\bi used to (?:\w+ ){0,3}(?:bottles|pills|drink\w*|using|use|high|drunk|cut|hide my)",
    r"\bmy first (?:meeting|detox|rehab|sponsor|year (?:sober|clean|in recovery)|relapse"
    r"|hospitali[sz]ation|episode|psychiatrist|na meeting|aa meeting|group)",
    r"\bi (?:lived|slept|was living|was sleeping|ended up) (?:in my car|on the streets?"
    r"|in (?:a|the) shelter|outside|rough)",
    rf"\b(?:it )?took me (?:\w+ ){{0,4}}(?:at |in |to get through )?{LIVED_TERMS}",
    rf"\bfor me\b[^.?!]{{0,40}}\b{LIVED_TERMS}",
    r"\bi(?:'ve| have) been (?:there|through (?:that|this|it|something like)|in recovery|sober"
    r"|where you are|in (?:the )?(?:hospital|treatment|rehab|detox|jail|prison)|homeless"
    r"|hospitali[sz]ed|on (?:medication|meds))",
    r"\bi(?:'m| am) (?:in recovery|a person in recovery|(?:\w+ (?:years?|months?) )?sober"
    r"|living with|a (?:suicide |trauma )?survivor)",
    r"\b(?:in|during|from) my (?:own )?(?:recovery|addiction|drinking|using|illness|depression"
    r"|treatment|hospital stay|experience with|time in (?:the hospital|treatment|rehab|jail))",
    r"\bmy (?:own )?(?:recovery|diagnosis|depression|anxiety|addiction|drinking|relapse|psychosis"
    r"|breakdown|lived experience|recovery story|psychiatrist|sponsor|meds|medication|voices"
    r"|suicide attempt|overdose)\b",
    rf"\bwhen i was {SUBSTANCE_OR_CARE}",
    rf"\bi (?:also |too )?(?:take|took|used to take|was on|am on|'m on|started|stopped|came off)"
    rf" (?:my )?(?:\w+ )?{MEDS}",
    r"\bi used to (?:drink|use|smoke|shoot|self-harm|cut|hear voices|isolate|struggle)",
    r"\bi (?:was|got) (?:diagnosed|hospitali[sz]ed|admitted|committed|homeless|arrested|sober)",
    r"\bi (?:spent|did) (?:\w+ ){0,3}in (?:the |a )?(?:hospital|treatment|rehab|detox|jail|prison"
    r"|psych ward|inpatient)",
    r"\bi (?:relapsed|returned to use|overdosed|went (?:to|through) (?:rehab|detox|treatment))",
    r"\bi (?:hear|heard|still hear) voices",
    rf"\bi(?:'ve| have)? (?:struggled|lived|live|struggle|dealt) with {CONDITIONS}",
    r"\b(?:something|what) (?:that )?(?:helped|worked for) me\b",
    r"\bi remember (?:when i (?:was|first|got|came)|being (?:in|discharged|told)|my first)",
    r"\bi(?:'ve| have) (?:felt|been) (?:that way|the same(?: way)?|like that) (?:too|myself)",
    r"\bi (?:felt|was) (?:the same|that way) (?:too|myself|when)",
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|twenty) (?:years?"
    r"|months?) (?:in recovery|sober|since my last)",
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper shares their own lived experience (quoted words are ignored)."""
    if speaker != "helper":
        return None
    match = LIVED_EXPERIENCE.search(without_quotes(straighten(text)))
    if match is None:
        return None
    return PeerFlag(
        "self_disclosure",
        f'shares own experience ("{match.group(0)}")',
        "Keep it brief, hopeful and relevant, then turn the focus back to the person.",
    )
