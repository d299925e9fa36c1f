"""Self-disclosure: the helper shares their own lived experience of recovery, illness or use.

Not a fault — purposeful, brief, invited disclosure is a peer skill — but it is counted, so
trainees and supervisors can see when and how often they share.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx_lower, without_quotes

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
    r"|an? (?:substance|alcohol|opioid) use disorder|(?:my )?mental health|voices|panic attacks"
    r"|ocd|adhd|bpd|an? eating disorder|anorexia|bulimia|self-harm|suicidal thoughts|trauma"
    r"|psychiatric \w+|hallucinations|paranoia|mania|grief|insomnia|an? \w+ disorder)"
)
LIVED_TERMS = (
    r"(?:drinking|drunk|using|drugs|detox|rehab|treatment|psych (?:ward|unit)|psychiatric"
    r"|hospital|hospitali[sz]\w*|emergency room|the er|prison|jail|county|juvie|halfway house"
    r"|sober living|shelter|iop|probation|parole|recovery|sober|sobriety|relapsed?"
    r"|antidepressants?|medications?|meds|diagnos\w+"
    r"|episodes?|psychotic|psychosis|depression|depressed|anxiety|panic attacks?|voices|overdose"
    r"|homeless\w*|withdrawal|cravings?|sponsor|addiction|bipolar|schizophrenia|ptsd"
    r"|suicide attempt|self-harm|methadone|suboxone|inpatient|outpatient|lithium|ocd|adhd"
    r"|eating disorder|anorexia|bulimia|suicidal)\b"
)
# A few words may come between "I've" and the verb: "I've actually had", "I, uh, I really was".
ADVERB = r"(?: (?:actually|also|really|even|once|personally|honestly|definitely|literally|too))?"
# Between "I had" and a lived-experience word, someone else must not be the subject:
# "I had a client who was in county" is about the client.
GAP = (
    r"(?:\W+(?!(?:client|clients|friend|friends|cousin|brother|sister|mom|mother|dad|father|son"
    r"|daughter|someone|somebody|people|person|guy|woman|man|he|she|they|who|patients?|members?)"
    r"\b)\w+){0,8}?\W+"
)
LIVED_EXPERIENCE = rx_lower(
    rf"\bi(?:'ve| have| had|'d)?{ADVERB} (?:was|had|spent|went|got|took|lost|used|been|struggled"
    rf"|survived|needed|relapsed|overdosed|quit|stopped|tried|still have|know what it's like)\b"
    rf"{GAP}(?<!your )(?<!you )(?<!you're )(?<!their )(?<!her )(?<!his )"
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
    r"\bi(?:'ve| have) been (?:there(?! for\b| to\b)|through (?:that|this|it"
    r"|something like)|in recovery|sober"
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
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|a few) (?:years?"
    r"|months?) (?:in recovery|sober|clean|since my last)",
    # "I self-harmed as a teenager", "I thought about ending it myself"
    r"\bi(?:'ve| have)?(?: \w+)? (?:self[- ]harmed|self[- ]injured|cut myself|burned myself"
    r"|attempted suicide|tried to (?:kill|end|take) my|overdosed)",
    r"\bi(?:'ve| have)? (?:thought about|considered|felt|been|was) (?:\w+ )?(?:ending it|ending my"
    r" life|killing myself|suicide|suicidal|taking my (?:own )?life)",
    # "when I was at my worst", "my rock bottom", "that was me"
    r"\b(?:when|after|before|until|till) i (?:hit (?:rock )?bottom|was at my (?:worst|lowest))"
    r"|\bat my (?:worst|lowest)\b|\bmy (?:rock bottom|lowest point|darkest (?:time|days|point"
    r"|period|years?))",
    r"\b(?:because|cause|since) (?:that|this) (?:was|used to be) me\b|\bthat used to be me\b"
    r"|\b(?:that|this) was me (?:too|once|for years|back then|\w+ years ago)\b",
    rf"\bas (?:someone|a person|somebody) (?:who(?:'s| has| had| was| is| lives| lived| struggled"
    rf"| went| got)\b[^.?!,]{{0,40}}\b(?:{LIVED_TERMS}|{CONDITIONS})|in recovery|with (?:lived"
    rf" experience|a history|my own))",
    r"\bspeaking from (?:my own |personal |lived )?experience\b",
    rf"\bmy own (?:struggles?|battles?|demons|journey|history|experiences?|time in|stuff"
    rf" with|issues with|{CONDITIONS})",
    r"\b(?:history|experience|diagnosis|past|struggles?) (?:with (?:\w+ ){1,2})?(?:myself|of my"
    r" own)\b",
    rf"\bi (?:have|had|'ve had|'ve got|also have|still have) (?:an? |my own |some )?(?:history of"
    rf" |diagnosis of )?{CONDITIONS}\b",
    # "Lithium worked for me", "the meds made me so tired"
    rf"\b(?:{MEDS}|therapy|treatment|rehab|detox|meetings|aa|na|dbt|cbt|my sponsor)\b"
    r"[^.?!,]{0,25}\b(?:(?:worked|helped|did wonders|didn't work|never worked) (?:for |with )?me"
    r"|saved my life)\b",
    rf"\b{MEDS}\b[^.?!]{{0,20}}\b(?:made|gave|left|got) me (?:feel |so |really )?(?:tired|foggy"
    r"|numb|sleepy|shaky|sick|nauseous|flat|dizzy|drowsy|like a zombie|gain|weight)",
    # "I did eighteen months in county", "I did time"
    r"\bi did (?:time\b|a (?:stint|bid)\b|(?:\w+ ){1,2}(?:years?|months?|weeks?|days?) (?:inside\b"
    r"|(?:in|at) (?:county|state|the pen|juvie|prison|jail|rehab|treatment|detox|lockup|inpatient"
    r"|the (?:hospital|psych ward|state hospital))))",
    r"\bi(?:'ve| have| had| also| too)? (?:got|get|have) (?:ptsd|ocd|adhd|bipolar|depression"
    r"|anxiety|bpd|schizophrenia)\b",
    r"\bthere (?:was|were) (?:a time|times|nights|days|years|months) (?:when )?i\b[^.?!]{0,80}"
    rf"\b(?:{LIVED_TERMS}|didn't|couldn't|wanted|thought|felt)",
    r"\bi know (?:that|this) (?:ache|feeling|pain|fear|shame|loneliness)\b",
    r"\b(?:know|knows) what it's like to (?:\w+ ){0,6}?(?:because|cause) (?:that|i|this)\b",
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper shares their own lived experience (quoted words are ignored)."""
    if speaker != "helper":
        return None
    text, low = normalized(text)
    match = LIVED_EXPERIENCE.search(without_quotes(low))
    if match is None:
        return None
    return PeerFlag(
        "self_disclosure",
        f'shares own experience ("{text[match.start() : match.end()]}")',
        "Keep it brief, hopeful and relevant, then turn the focus back to the person.",
    )
