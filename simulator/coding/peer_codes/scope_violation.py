"""Scope-of-practice violation: the helper diagnoses, advises on medication or dose, gives legal
advice, or promises an outcome. Peers share experience, support choice and refer instead.

Questions are not diagnoses ("Has anyone talked with you about depression?"), reported words are
not advice ("your doctor said you have PTSD"), and quoted words are the person's own.
"""

from __future__ import annotations

import re
import re._parser as sre_parser
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import (
    Prefiltered,
    is_question,
    normalized,
    required_factors,
    rx_lower,
    sentence_spans,
    without_quotes,
)

DIAGNOSES = (
    r"(?:bipolar(?: disorder)?|schizophreni[ac]|schizoaffective|borderline|bpd|ptsd|adhd|ocd"
    r"|(?:clinical |major |clinically )?depress(?:ed|ion)|psychotic|psychosis|manic|paranoid"
    r"|an? (?:personality|mental|mood|anxiety|eating|bipolar|psychotic|thought|panic|substance use"
    r"|alcohol use|opioid use) disorder|an? (?:anxiety|panic) disorder|an? (?:mental )?illness"
    r"|(?:in )?withdrawal|an addiction|alcoholism|panic attacks?|anxiety attacks?"
    r"|an? (?:manic|hypomanic|psychotic|depressive|mixed) episode)"
)
CERTAINLY = r"(?:(?:probably|definitely|clearly|obviously|likely|really|just) )?"
DIAGNOSING = rx_lower(
    rf"\b(?:you|he|she|they)(?:'re| are| is|'s) {CERTAINLY}(?:suffering from )?{DIAGNOSES}\b",
    rf"\b(?:you|he|she|they)(?:'ve|'s)? {CERTAINLY}(?:have|has|got|suffer from|must be|might be"
    rf"|could be|may be|might have|may have|could have|must have|probably have|have got|'ve got)"
    rf" (?:got )?(?:a touch of |some |a bit of |full-blown |an? \w+ case of )?{DIAGNOSES}\b",
    # ruling one out is a diagnosis too: "you're not depressed, you're grieving"
    rf"\b(?:you(?:'re| are) not|you (?:don't|do not) (?:really )?have|(?:it's|that's|it is|that is)"
    rf" not) (?:really |actually |just )?{DIAGNOSES}\b",
    rf"\b(?:are|is) (?:a |the )?(?:classic|textbook|telltale) (?:signs?|symptoms?)"
    rf"(?: of {DIAGNOSES}\b|(?! of))",
    rf"\b(?:sounds|looks|seems) (?:a lot |to me )?like (?:you have |classic |textbook |a case of )?"
    rf"{DIAGNOSES}\b",
    rf"\b(?:that's|that is|those are|these are|it's|it is|this is) (?:classic |textbook "
    rf"|definitely |probably |a sign of |signs of |symptoms of |a case of )+{DIAGNOSES}\b",
    r"\b(?:that's|that is|those are|these are|it's|it is|this is) (?:just |only )?(?:panic"
    r" attacks?|anxiety attacks?|ptsd|ocd|adhd|bipolar(?: disorder)?|schizophrenia|psychosis"
    r"|depression|withdrawal|an? (?:\w+ )?(?:personality|mood|anxiety|eating|panic|psychotic)"
    r" disorder|an? (?:manic|hypomanic|psychotic|depressive) episode)\b",
    rf"\bi (?:think|bet|believe|'d say|would say) (?:you(?:'re| are| have)|it's) {DIAGNOSES}\b",
    r"\byou(?:'re| are) (?:an? )?(?:bipolar|schizophrenic|borderline|psychotic|manic)\b",
    # guesses: "she seems manic and probably bipolar", "maybe it's PTSD"
    rf"\b(?:you|he|she|they) (?:seem|seems|look|looks|sound|sounds|appear|appears) (?:\w+ )?"
    rf"(?:to be )?{DIAGNOSES}\b",
    rf"\b(?:probably|likely|maybe|definitely|clearly|obviously) (?:has |have |is |got )?"
    rf"(?:got )?(?:an? )?{DIAGNOSES}\b",
    rf"\b(?:maybe|perhaps) (?:it's|it is|that's|that is|you have|you're) {DIAGNOSES}\b",
    r"\byou(?:'re| are) (?:\w+ )?(?:having|in) (?:a |an )?(?:manic|psychotic|depressive|panic"
    r"|bipolar|mixed|hypomanic) (?:episode|attack|state|break)",
)
REPORTED = re.compile(
    r"\b(?:said|says|told you|tells you|diagnosed|(?<!\bi )(?<!\bi don't )thinks?|called it|wrote"
    r"|mentioned|was told"
    r"|were told|according to)\b[^.?!]*$",
    re.IGNORECASE,
)
DRUGS = (
    r"(?:lithium|seroquel|quetiapine|xanax|klonopin|ativan|valium|adderall|ritalin|vyvanse"
    r"|concerta|zoloft|sertraline|prozac|fluoxetine|lexapro|escitalopram|celexa|paxil|effexor"
    r"|cymbalta|wellbutrin|bupropion|buspar|buspirone|trazodone|ambien|gabapentin|hydroxyzine"
    r"|abilify|aripiprazole|depakote|lamictal|lamotrigine|risperdal|risperidone|zyprexa"
    r"|olanzapine|clozapine|suboxone|methadone|buprenorphine|naltrexone|vivitrol|melatonin"
    r"|benzos?|sleeping pills|inhaler|insulin|paxlovid|propranolol|clonidine|mirtazapine|remeron"
    r"|citalopram|venlafaxine|duloxetine|paroxetine|topamax|topiramate|latuda|lurasidone"
    r"|invega|haldol|haloperidol|strattera|klonopin|clonazepam|lorazepam|alprazolam|diazepam"
    r"|bupe|subutex|zubsolv|sublocade|brixadi|benadryl|diphenhydramine|tylenol|advil|ibuprofen"
    r"|nyquil|unisom|zzzquil|aspirin|motrin|aleve|naproxen|subs?(?= (?:strip|film|earlier|later"
    r"|in the|at|tonight|tomorrow|before|after)\b))"
)
MED_NAMES = (
    r"(?:dose|dosage|doses|meds?|medications?|medicine|pills?|tablets?|tabs?|capsules?"
    r"|prescription|antidepressants?|antibiotics?|painkillers?|pain (?:meds|pills)"
    r"|sleep(?:ing)? (?:meds|pills|aids?)|anti-anxiety (?:meds|pills)"
    r"|antipsychotics?|mood stabili[sz]ers?|blood pressure (?:meds|pills)|(?<!test )strips?"
    r"|generics?|the brand(?: name)?"
    rf"|{DRUGS}"
    r"|\d+ ?(?:mg|milligrams))"
)
MED_ACTION = (
    r"(?:take|taking|try|trying|increase|decrease|lower|raise|up|double|halve|cut|cut back on"
    r"|cut down on|skip|skipping|split|stop|stopping|quit|come off|coming off|taper|taper off"
    r"|wean off|wean yourself off|switch|switch to|go off|get off|add|drop|mix|combine|stay off"
    r"|double up on|go up on|go up to|go down on|go down to|bump up|come down on|ease off|lay off"
    r"|pop|leave out|leave off|hold off on|pause|ditch|get back on|go back on|start back on"
    r"|restart|bother with|go without|going without|do without)"
)
# Up to three words between the advice and the action ("you could probably just double up on"),
# but not a referral ("you might want to ask him to lower the dose").
HEDGE = (
    r"(?:[\s,—-]+(?!(?:ask|asking|talk|talking|check|discuss|mention|bring|tell|call|see|speak"
    r"|pick|fill|refill|get|grab|collect|drop)\b)"
    r"\w+){0,3}?[\s,—-]+"
)
# An order at the start of a sentence, with the medication a few words on: "Mix it with some
# melatonin", "Take an extra Klonopin before the interview" (not "pick up your prescription").
IMPERATIVE = (
    r"^\W*(?:(?:just|maybe|so|honestly|um|uh|okay|ok|well|yeah|and|then|oh|look)\W+)*"
    r"(?:mix|combine|take|double|halve|split|skip|stop|quit|increase|decrease|lower|raise|switch"
    r"|taper|wean|add|pop|leave out|leave off|hold off|pause|ditch|use)\b"
    r"(?! by\b| in\b| over\b| care\b| a (?:break|walk|minute|breath|look)\b)"
    r"(?:(?!pick|fill|refill|pharmac|doctor|prescriber|psychiatrist|nurse)[^.?!,;]){0,25}\b"
)
MED_ADVICE = rx_lower(
    rf"\b(?:you (?:should|could|can|need to|have to|must|ought to|might want to|may want to"
    rf"|'d better|had better|just)|you'd be better off|why (?:don't|not) you|if i were you,? i'd"
    rf"|i(?:'d| would)(?: just)?|try to|just|maybe|it's (?:fine|okay|ok|safe|better) to"
    rf"|no harm in|go ahead and|don't be afraid to){HEDGE}{MED_ACTION}\s+(?:taking )?"
    rf"(?:your |the |a |an |those |that |half (?:a |of )?(?:your )?|an extra |more |less |some"
    rf" |one |two |another )?(?:\w+ )?{MED_NAMES}\b",
    rf"{IMPERATIVE}{MED_NAMES}\b",
    rf"^\W*(?:just |so |maybe )?ask (?:your \w+ |them |him |her |the \w+ )?(?:for|about getting|to"
    rf" (?:put you on|prescribe|give you|switch you to)) (?:some |a |an )?(?:\w+ )?{DRUGS}\b",
    rf"^\s*(?:just |maybe |so )?(?:don't |do not )?{MED_ACTION} (?:taking )?(?:your |the "
    rf"|half (?:a |of )?(?:your )?|an extra |more |less |some |another |(?:one|two|three|a couple)"
    rf" (?:of )?(?:the |your |those )?)?(?:\w+ )?{MED_NAMES}\b",
    rf"\byou (?:\w+ )?(?:don't|do not|won't) (?:really )?need (?:your |the |those |that |any )?"
    rf"(?:\w+ )?{MED_NAMES}\b",
    rf"\b{MED_NAMES} (?:is|are) (?:poison|bad for you|a crutch|not (?:the answer|necessary"
    rf"|real recovery))",
    r"\b(?:is|as|that's|it's) (?:a |the )?(?:really |very |pretty )?(?:normal|safe|low|high"
    r"|typical|standard|small|tiny)"
    r" dose\b",
    r"\b(?:it's|it is) (?:fine|okay|ok|safe) to (?:drink|use|smoke) (?:\w+ ){0,3}(?:on|with|while)",
)
# Said of a medication named earlier in the sentence: "Xanax, that's what works for panic",
# "the inhaler ... it's fine to skip it". The rare words come first, so the rule is cheap.
ABOUT_A_MED = rx_lower(
    r"\b(?:that's|it's|is) (?:what|the (?:best|only) (?:thing|one|med)) (?:that )?(?:works|helps"
    r"|you need)\b",
    rf"\b(?:it's|it is|it'll be) (?:fine|okay|ok|safe|alright|no big deal) to {MED_ACTION}"
    r" (?:it|them|one|a dose|a day)\b",
    r"\byou (?:\w+ )?(?:don't|do not|won't) (?:really )?need (?:em|'em|them|those|it)(?: anymore)?"
    r"\b",
)
NAMED_MED = re.compile(rf"\b{MED_NAMES}\b")
# Who gives the advice: an order at the start of a sentence, or "you could", "I'd", "just".
ADVISING = (
    r"(?:^\W*(?:(?:just|maybe|so|honestly|ok|okay|yeah|then|and|definitely|def|try to)\W+)*"
    r"|\byou (?:should|could|can|might want to|may want to|need to|just)(?: just| probably"
    r"| totally| definitely| always| safely)? "
    r"|\bi(?:'?d| would) (?:just |probably |honestly )?|\bjust |\bmaybe |\bgo ahead and "
    r"|\bfeel free to |\bwhy (?:don't|not) you (?:just )?|[,;]\s*(?:(?:just|so|then|and)\s+)?"
    r"|\b(?:it's|it is) (?:fine|ok|okay|safe) to )"
)
# Dose advice about a medication the person already named: "just take two", "take an extra one
# before bed", "cut back to one a day", "lower it to 25", "try taking it in the morning",
# "double up if you miss one", "I'd double it", "cut it in half", "stop taking it", "just go off
# them", "keep taking the full dose even tho the doc said to lower it", "one drink with your
# meds won't hurt", "you don't need to take it every day", "I'd ask for Adderall".
DOSE_WORDS = Prefiltered(
    rf"{ADVISING}(?:take|pop|have) (?:an extra(?: half)?|another(?: half)?|one more|two|three"
    r"|(?:a couple|a few|some|two|2) (?:extra|more)|a couple|half|a half|2|3|4"
    r"|(?!5\b|10\b)\d+(?:\.\d+)?)"
    r"(?: (?:one|ones|of (?:them|those|em|'em|it|the \w+|your \w+|these)))?"
    r"(?=\W*$|\s*(?:[,;]|(?:before|after|at|tonight|tomorrow|if|when|in|and|instead|every|a day"
    r"|twice|now|then)\b))",
    r"\bdouble (?:up|it|them)\b[^.?!]{0,40}\b(?:miss(?:ed)?|forg[eo]t|skip(?:ped)?)\b",
    rf"{ADVISING}(?:try )?(?:go|going|do|doing) without (?:your |the |those |any )?(?:\w+ )?"
    rf"{MED_NAMES}\b",
    rf"{ADVISING}(?:take|pop) (?:the whole (?:thing|one|pill|tab|dose)|a whole one|the full"
    r" (?:dose|one|thing))",
    rf"{ADVISING}(?:skip|miss|stop|drop) (?:it|them|em) (?:on|during|over|for) (?:weekends?|the"
    r" weekend|days? off|holidays?|a (?:day|few days|couple days|week)|weekdays)\b",
    rf"\bhave (?:a|one|a couple|some) (?:beer|beers|drink|drinks|glass|shot)s? with (?:it|them"
    rf"|your \w+|the \w+|{MED_NAMES})\b",
    # "skip a day here and there": a dose skipped now and then
    rf"{ADVISING}(?:skip|miss|drop) (?:a|one) (?:day|night|dose)\b[^.?!]{{0,20}}\b(?:here and there"
    r"|now and then|once in a while|every (?:other|few|so often)|a week)\b",
    # "just don't take it tomorrow", "you should be on a higher dose", "stay on the old dose"
    rf"{ADVISING}(?:don't|do not|never) (?:take|use|bother with) (?:it|them|em|those|that|your \w+"
    r"|the \w+) (?:tomorrow|tonight|today|this week|anymore|again|for a (?:few|couple|while)|before"
    r"|if|when|until|till|on)\b",
    rf"{ADVISING}(?:be|go|get|stay|stick) (?:on|with) (?:a |the |your )?(?:higher|lower|bigger"
    r"|smaller|stronger|weaker|different|full|half|double|new|old|same|original) (?:dose|med"
    r"|meds|medication|pill|one)\b",
    rf"{ADVISING}(?:try |start )?(?:cut(?:ting)?(?: it| them)? (?:back|down)|go(?:ing)? (?:back )?"
    r"(?:up|down)|drop(?:ping)?(?: it| them)?(?: down| back)?|bump(?:ing)?(?: it| them| that)?"
    r"(?: back)? (?:up|down)|lower(?:ing)? (?:it|them|that)|rais(?:e|ing) (?:it|them|that)"
    r"|up(?:ping)? (?:it|them|that)|bring(?:ing)? (?:it|them) (?:back )?(?:up|down)"
    r"|com(?:e|ing) (?:back )?down|increas(?:e|ing) (?:it|them)|decreas(?:e|ing) (?:it|them)"
    r"|knock(?:ing)? (?:it|them) (?:back )?down|tak(?:e|ing) (?:it|them) (?:up|down)) to"
    r" (?:just |only )?(?:\d+|one|two|three|half|a half|once|twice)\b"
    r"(?= ?(?:mg|milligrams?|a day|a night|per day|each day|at night|pills?|tabs?|tablets?"
    r"|strips?|of (?:them|those|em)|\W*$|and|or|,|;|\.)(?!\w))",
    rf"{ADVISING}(?:try |start |switch to |go back to |keep |stick to |stay )?(?:take|taking|move)"
    r" (?:it|them|those|one|two|half"
    r"|a half|your \w+|the \w+) (?:in the (?:morning|evening|afternoon)|at (?:night|bedtime|lunch)"
    r"|before bed|with (?:food|a meal|dinner|breakfast)|on an empty stomach"
    r"|every (?:other )?(?:day|night|morning|evening)|every \d+ (?:hours|days)"
    r"|(?:once|twice|\w+ times) a (?:day|week)|only (?:when|on|at|if)"
    r"|(?:an hour |a bit )?(?:earlier|later)(?: in the day)?)",
    rf"{ADVISING}(?:try )?(?:go|drop|come|step|bump|move)(?: it)? (?:up|down|back) (?:a|one|another"
    r"|half a) (?:dose|step|level|notch|pill|tab)\b",
    # against the prescriber: "don't let them lower it", "keep the dose where it is"
    r"\b(?:don't|do not|never) let (?:them|him|her|the doc\w*|your doc\w*|the prescriber|your"
    r" prescriber|the psychiatrist|your psychiatrist) (?:lower|raise|change|cut|up|increase"
    r"|decrease|take you off|switch|taper)",
    r"\bkeep (?:the|your) dose (?:where it is|the same|as it is)\b",
    # a drink with it: "you can take it with a beer", "one drink with your meds won't hurt"
    rf"{ADVISING}(?:take|mix|have) (?:it|them|those|your \w+|the \w+) with (?:a |some |your )?"
    r"(?:beer|drink|alcohol|wine|liquor|booze|shot|glass)",
    rf"\b(?:drink|drinks|beer|beers|alcohol|a glass|wine|one|a couple|a few)\b[^.?!]{{0,25}}\bwith"
    rf" (?:your |the |those )?{MED_NAMES}\b[^.?!]{{0,25}}\b(?:won't hurt|is fine|is ok|is okay"
    r"|should be fine|is no big deal|doesn't hurt|is safe|never hurt)",
    rf"{ADVISING}(?:double|halve|up|lower|raise|increase|decrease) (?:it|them|that|em)\b"
    r"(?! (?:out|off|up|down)\b)",
    rf"{ADVISING}(?:cut|split|break|snap) (?:it|them|that|those|em|one|each one) in half\b",
    rf"{ADVISING}(?:stop|quit) taking (?:it|them|those|that"
    r"|this|em|'em)\b(?! (?:out|personally|so |too |seriously|on\b))",
    rf"{ADVISING}(?:try )?(?:go(?:ing)?|get(?:ting)?|com(?:e|ing)) off (?:them|it|those|em|'em)\b"
    r"(?! (?:on|at)\b)",
    # "just skip the morning one", "take 1.5 instead of 1", "take 16 like before", "take both"
    rf"{ADVISING}(?:skip|miss|drop|leave out|hold off on|cut out) (?:the|your) (?:morning|evening"
    r"|night|nighttime|am|pm|afternoon|bedtime|lunchtime|midday|second|last|first|extra|noon)"
    r" (?:one|dose|pill|tab)",
    rf"{ADVISING}(?:take|do|try) (?:\d+(?:\.\d+)?|one and a half|half|a half) (?:instead of|rather"
    r" than|like (?:before|you used to)|a day|at night|tonight|again)\b",
    rf"{ADVISING}(?:take|mix|combine) (?:both|them both|the two|them together|both of them"
    r"|all of them|all three)\b",
    # an order that follows what the medication does: "if it's not working, stop it"
    r"\bif (?:it|they|the \w+|those|that)\b[^.?!,]{0,30}\b(?:not working|doesn't work|don't work"
    r"|not helping|makes? you|making you|gives? you|giving you|side effects?)\b[^.?!]{0,20}?"
    r"[,;]?\s*(?:just |then )?(?:stop|quit|ditch|drop|skip|lower|cut|halve|double)"
    r" (?:it|them|em|taking)\b",
    r"\byou (?:\w+ )?(?:don't|do not|won't) (?:really |even )?need to (?:take|keep taking|be on"
    r"|stay on) (?:it|them|those|that|em|your|the|any)\b",
    rf"{ADVISING}ask (?:\w+ ){{0,3}}?(?:for|about getting|to (?:put you on|prescribe|give you"
    rf"|switch you to)) (?:some |a |an )?(?:\w+ )?{DRUGS}\b",
    r"\b(?:keep|stay on|take|taking|stick with)\b[^.?!]{0,40}\b(?:even (?:though|tho|if)|no matter"
    r" what|regardless of what|despite what) (?:the |your |ur )?(?:doc|doctor|dr|prescriber"
    r"|psychiatrist|pharmacist|nurse)",
)
MEDICAL_CARE = rx_lower(
    r"\byou (?:\w+ )?(?:don't|do not) (?:really )?need (?:to (?:go to|see|call) )?(?:the |a |an"
    r" |your )?(?:er|emergency room|doctor|hospital|psychiatrist|prescriber|ambulance)\b"
    r"(?! alone| by yourself| on your own)",
)
LEGAL_ADVICE = rx_lower(
    r"\byou should (?:sue|plead|press charges|file (?:a )?(?:lawsuit|suit|claim)|fight (?:it|the)"
    r" in court|sign the plea|take the plea)",
    r"\b(?:plead|take the plea|sign the plea)\b(?! (?:deal )?(?:is|was) (?:your|up to))",
    r"\b(?:legally|by law),? (?:they|you|your (?:landlord|boss|employer|ex)|he|she)"
    r" (?:can't|cannot|can|have to|must|don't have to)",
    r"\b(?:they|your (?:landlord|boss|employer|ex|caseworker|po|probation officer|parole officer)"
    r"|he|she|the (?:judge|court|police|cops)) (?:can't|cannot|won't) (?:legally )?(?:evict|fire"
    r"|take (?:your|the) kids|arrest|deport|sue|violate|revoke|charge|search|kick|hold|detain) you",
    r"^\W*(?:just )?(?:tell|say to) (?:your|the) (?:probation officer|parole officer|po|judge"
    r"|court|police|cops|prosecutor|da) (?:that )?(?:you|it)\b",
    r"\b(?:has|have|must) to\b[^.?!]{0,50}\bby law\b|\bby law\b[^.?!]{0,50}\b(?:has to|have to"
    r"|must|can't|cannot)\b",
    r"\byou (?:can|could|should) (?:just )?(?:withhold (?:your |the )?rent|stop paying (?:your |the"
    r" )?rent|break (?:your|the) lease|refuse to (?:pay|leave|move out))",
    r"\byou(?:'ll| will) (?:definitely |easily )?(?:win|lose) (?:the|your) (?:case|custody"
    r"|hearing|appeal|lawsuit)",
    r"\b(?:don't|do not|never) (?:tell|talk to|answer) (?:the|your) (?:police|cops|probation"
    r" officer|parole officer|judge|court)",
    r"\byou (?:don't|do not) have to (?:tell|answer|show|let|report to|talk to) (?:your |the )?"
    r"(?:probation officer|parole officer|po|police|cops|landlord|judge|court|caseworker|boss)",
    r"\b(?:just )?(?:ignore|skip|don't go to) (?:the|your) (?:court date|summons|hearing"
    r"|eviction notice)",
)
PROMISE = rx_lower(
    r"\bi (?:promise|guarantee) (?:you )?(?:that )?(?:you(?:'ll| will)|it(?:'ll| will)"
    r"|everything|things|this|they(?:'ll| will)?|nothing|the)",
    r"\b(?:i can )?guarantee (?:you |that )|\bi (?:can )?guarantee(?: it| that| you| this)?\b",
    r"\b(?:you|they|he|she|it|the \w+)(?:'ll| will| are going to|'re going to| is going to"
    r"|'s going to) (?:\w+ ){0,6}?(?:for sure|guaranteed|no doubt|100%|without a doubt)\b",
    r"\byou(?:'ll| will| are going to|'re going to) (?:\w+ )?(?:be (?:fine|okay|ok|alright)|win"
    r"|get off|walk)\b[^.?!]{0,20}\b(?:in court|at (?:the|your) (?:hearing|trial|sentencing)"
    r"|with the judge)",
    r"\b(?:the (?:judge|court|jury|da|prosecutor|board)|social security|ssa) (?:will|'ll|is going"
    r" to) (?:definitely |probably |for sure )?(?:drop|dismiss|throw out|approve|grant|reduce"
    r"|accept|let you)\b",
    r"\b(?:everything|things|it) (?:will|is going to|'s going to|'ll) (?:definitely |totally"
    r" |absolutely |100% )?(?:be (?:fine|okay|ok|alright|all right|perfect)|work out)",
    r"\byou(?:'ll| will) (?:definitely |absolutely |for sure |certainly )?(?:get (?:your kids"
    r"|custody|the (?:job|apartment|housing)|your (?:job|apartment|license)) back|be cured"
    r"|never (?:relapse|use again|drink again|go back|end up)|get the (?:job|apartment|housing)"
    r"|definitely get)",
    r"\b(?:the|this|that|our) (?:program|medication|treatment|group|plan) (?:will|is going to)"
    r" (?:definitely )?(?:fix|cure|solve)",
    r"\b(?:definitely|certainly|for sure|100%) (?:will|going to) (?:work|get better|happen)",
    # a promise about child protective services: "CPS won't take your baby"
    r"\b(?:cps|child protective services|child welfare|social services|the state|they|nobody"
    r"|no one)(?:'s| is| are|'re)? (?:won't|will not|not going to|never|can't|cannot|isn't going"
    r" to|aren't going to|is going to|are going to)(?: ever)? (?:\w+ ){0,2}?(?:take|remove)"
    r" (?:your|the) (?:baby|babies|kids?|children|son|daughter)\b",
    r"\byou(?:'ll| will| are going to|'re going to) (?:definitely |absolutely |for sure"
    r" |certainly )?(?:keep|not lose|never lose) (?:custody|your (?:baby|kids?|children|son"
    r"|daughter))\b",
)

SUGGESTING = re.compile(
    r"\s*(?:why (?:don't|not) you|why not|have you tried|have you thought about|could you just"
    r"|what if you)\b",
    re.IGNORECASE,
)


# "You're wondering if it's bipolar", "I can't say whether it's PTSD": no claim is made.
UNSURE = re.compile(
    r"\b(?:if|whether|wonder\w*|not sure|can't say|don't know|unsure)\b[^.?!]{0,15}$",
    re.IGNORECASE,
)


# Medication specifics in any other form: a dose amount, splitting or skipping a dose, tapering,
# stopping, or a named medication that "worked for me".
DOSE_AMOUNT = rx_lower(r"\b\d+(?:\.\d+)? ?(?:mg|milligrams?|mcg|micrograms?)\b")
DOSE_CHANGE = rx_lower(
    r"\b(?:halving|halve|splitting|split|cutting|cut|skipping|skip|missing|miss|doubling"
    r"|double|crushing|crush|stretching|stretch)\b[^.?!]{0,30}?\b(?:pills?|tablets?|doses?|meds"
    rf"|medications?|capsules?|{DRUGS})\b[^.?!]{{0,40}}?\b(?:fine|okay|ok|alright|safe|no big"
    r" deal|won't hurt|doesn't hurt|not a big deal|should be|is probably|good idea|works|worked"
    r"|helps|helped|what i do|what i did)",
    r"\b(?:pills?|tablets?|doses?|tabs?|strips?) in half\b|\bhalf (?:a|the|your|of (?:a|the|your))"
    r" (?:pill|tablet|dose|tab|strip|capsule|patch)\b",
    r"\b(?:you can|you could|just|go ahead and) (?:probably |just )?halve (?:it|them|that)\b",
    r"\b(?:you (?:can|could|should|might as well|may as well) (?:just )?|just |go ahead and )"
    r"(?:stop|quit) taking (?:it|them|those|that|this)\b",
)
TAPERING = rx_lower(
    r"\btaper(?:ing|ed)? (?:off|down|it|them|slowly|yourself)|\bwean(?:ing|ed)? (?:off|yourself"
    r"|down)|\bcom(?:e|ing|ame) off (?:it|them|\w+) (?:slowly|gradually|by)|\bcut(?:ting)?"
    r" (?:it|them) down (?:a bit|slowly|gradually|each|every)",
    rf"\b(?:{DRUGS}|meds|medications?|pills?|doses?)\b[^.?!]{{0,40}}\bcut(?:ting)? (?:it |them )?"
    r"(?:back|down) (?:a little|a bit|slowly|gradually|each|every)",
)
WORKED_FOR_ME = rx_lower(
    rf"\b{DRUGS}\b[^.?!]{{0,40}}?\b(?:worked|works|helped|helps|was a lifesaver|did wonders"
    rf"|saved my life|changed my life|fixed it|fixed me)\b[^.?!]{{0,15}}?\bfor me\b",
    rf"\b{DRUGS}\b[^.?!]{{0,30}}?\b(?:was|is) (?:a lifesaver|amazing|the best|great)"
    r" (?:for me|\.|$)",
    rf"\bwhat (?:worked|helped) (?:for )?me (?:was|is) {DRUGS}\b|\bi swear by {DRUGS}\b",
)
# "I told her to ask her doctor about lithium", "suggested he try Seroquel": naming the drug is
# the advice, whoever is to prescribe it.
RECOMMENDED_MED = rx_lower(
    rf"(?:^\W*|\bi (?:\w+ )?|\bwe (?:\w+ )?)(?:told|advised|suggested|encouraged|recommended"
    rf"|urged|tell|suggest|recommend)\b(?! (?:him|her|them|you) (?:that )?i\b)"
    rf"[^.?!]{{0,50}}?\b{DRUGS}\b",
)
PRESCRIBER = re.compile(r"\b(?:doctor|prescriber|psychiatrist|pharmacist|nurse|provider|dr)\b")


def _asks_or_reports(sentence: str, start: int) -> bool:
    """A question ("Do you think it's depression?") or someone else's words are no diagnosis."""
    asks = is_question(sentence) and not sentence.lstrip().lower().startswith("you")
    before = sentence[:start]
    return asks or bool(REPORTED.search(before) or UNSURE.search(before))


WHEN_CLAUSE = re.compile(r"\W*(?:when|where|while)\b", re.IGNORECASE)


def _only_asks(sentence: str, start: int) -> bool:
    """A question about medication is not advice, unless it is a suggestion in disguise."""
    if WHEN_CLAUSE.match(sentence) and not sentence.rstrip().endswith("?"):
        return False  # "When I stopped my lithium I cut back..." tells, it does not ask
    return is_question(sentence) and not SUGGESTING.match(sentence)


# "Take your medicine as prescribed" backs the prescriber's plan; it is not new advice.
AS_PRESCRIBED = re.compile(
    r"\bas (?:prescribed|directed)\b|\bthe way (?:it's|it was|they're|they were) prescribed\b"
    r"|\b(?:from|on) the (?:prescription|label)\b",
    re.IGNORECASE,
)


# "Stopping methadone lowers your tolerance": stopping is the subject of a warning, not an order.
RISK_OF_STOPPING = re.compile(
    r"^\W*(?:stopping|quitting|coming off|going off|tapering(?: off)?)\b[^.?!,;]{0,40}?"
    r"\b(?:lowers|raises|increases|carries|(?:can|could|may|might) (?:\w+ ){0,2}?(?:lower|raise"
    r"|increase|bring on|cause|be (?:risky|dangerous|hard|unsafe))|is (?:risky|dangerous|hard"
    r"|not safe))\b",
    re.IGNORECASE,
)


# "You've been taking half a pill at night", "so you went back up to 16 mg", "you're thinking
# about skipping the evening dose": the person's own doses and plans, said back to them.
REFLECTED = re.compile(
    r"^\W*(?:(?:so|and|ok|okay|yeah|right|alright)\W+)*(?:it sounds like |sounds like |it seems"
    r" like |seems like |i hear (?:that )?)?(?:you|your (?:doc|doctor|prescriber|psychiatrist|dr"
    r" \w+))(?:'ve| have| had|'re| are| were)? (?:been |already |just |recently |finally |also"
    r" |still |kind of |really )*(?:taking|took|went|gone|started|stopped|cut|split|skipped|missed"
    r"|doubled|lowered|raised|switched|tapered|weaned|tried|came off|got off|upped|dropped|on"
    r"|thinking|planning|considering|wondering|wanted|decided|put you|had you)\b"
)
CLAUSE_BREAK = re.compile(r"[,;:—]|\s(?:so|but|then|just|maybe|and you should)\s")


def _reflects(sentence: str, start: int) -> bool:
    """The match sits in a reflection of the person's own dose or plan (its first clause)."""
    opening = REFLECTED.match(sentence)
    return bool(opening) and not CLAUSE_BREAK.search(sentence, opening.end(), start)


def _asks_or_as_prescribed(sentence: str, start: int) -> bool:
    return (
        _only_asks(sentence, start)
        or bool(AS_PRESCRIBED.search(sentence))
        or bool(RISK_OF_STOPPING.search(sentence))
    )


def _no_med_named_before(sentence: str, start: int) -> bool:
    return _asks_or_as_prescribed(sentence, start) or not NAMED_MED.search(sentence, 0, start)


def _asks_reports_or_reflects(sentence: str, start: int) -> bool:
    return _asks_or_reports(sentence, start) or _reflects(sentence, start)


def _asked_reported_or_reflected(sentence: str, start: int) -> bool:
    return _asked_or_reported(sentence, start) or _reflects(sentence, start)


def _asks_prescribed_or_reflects(sentence: str, start: int) -> bool:
    """Only a real question (with its '?') excuses these orders: "have a beer with it" starts
    like "have you...?" but tells."""
    asks = sentence.rstrip().endswith("?") and not SUGGESTING.match(sentence)
    return (
        asks
        or bool(AS_PRESCRIBED.search(sentence))
        or bool(RISK_OF_STOPPING.search(sentence))
        or _reflects(sentence, start)
    )


def _asks_reports_or_refers(sentence: str, start: int) -> bool:
    """Tapering talked over with the prescriber ("ask your doctor how to taper") is a referral."""
    return _reported_or_asked(sentence, start) or bool(PRESCRIBER.search(sentence))


def _asked_or_reported(sentence: str, start: int) -> bool:
    """A real question (ending in '?') or someone else's words ("your doctor said 50 mg")."""
    return sentence.rstrip().endswith("?") or bool(REPORTED.search(sentence[:start]))


def _never(sentence: str, start: int) -> bool:
    return False


def _reported_or_asked(sentence: str, start: int) -> bool:
    """Someone else's advice ("Your lawyer said to plead"), or a plain question about it."""
    return bool(REPORTED.search(sentence[:start])) or _only_asks(sentence, start)


NEGATED = re.compile(
    r"(?:\bnot|n't|\bcannot|\bnever|\bno one can|\bnobody can)\s+(?:(?:promise|guarantee|say|know"
    r"|be sure|tell you)\s+(?:(?:you\s+)?that\s+|if\s+|whether\s+)?)?$",
    re.IGNORECASE,
)


def _negated(sentence: str, start: int) -> bool:
    """ "I can't guarantee that" is the honest answer, not a promise."""
    return bool(NEGATED.search(sentence[max(0, start - 40) : start]))


@dataclass(frozen=True)
class ScopeRule:
    """One way of stepping outside the peer role, and when a match does not count."""

    pattern: re.Pattern[str]
    what: str
    suggestion: str
    excused: Callable[[str, int], bool] = _never


MED_SUGGESTION = (
    "Medication decisions belong to the person and their prescriber: ask what they'd like to"
    " raise with the prescriber, and offer to support that conversation."
)

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
        MED_SUGGESTION,
        _asks_or_as_prescribed,
    ),
    ScopeRule(
        DOSE_WORDS,
        "advises on medication or dose",
        MED_SUGGESTION,
        _asks_prescribed_or_reflects,
    ),
    ScopeRule(
        ABOUT_A_MED,
        "advises on medication or dose",
        MED_SUGGESTION,
        _no_med_named_before,
    ),
    ScopeRule(
        DOSE_AMOUNT,
        "names a dose",
        "Doses are between the person and their prescriber, and yours are private medical"
        " detail: share what helped you in general terms (asking questions, keeping a log).",
        _asked_reported_or_reflected,
    ),
    ScopeRule(
        DOSE_CHANGE,
        "advises on splitting, skipping or stopping a dose",
        MED_SUGGESTION,
        _asks_reports_or_reflects,
    ),
    ScopeRule(
        TAPERING, "advises on tapering a medication", MED_SUGGESTION, _asks_reports_or_refers
    ),
    ScopeRule(RECOMMENDED_MED, "recommends a medication", MED_SUGGESTION, _asked_or_reported),
    ScopeRule(
        WORKED_FOR_ME,
        "recommends a medication from their own experience",
        "What worked for you may not work for them: share how you found your way with your"
        " prescriber, not the medication.",
        _reported_or_asked,
    ),
    ScopeRule(
        MEDICAL_CARE,
        "advises against medical care",
        "Whether to get care is the person's call, with a clinician: offer to go with them or to"
        " help them call.",
        _only_asks,
    ),
    ScopeRule(
        LEGAL_ADVICE,
        "gives legal advice",
        "Offer to connect the person with legal aid or an advocate instead of advising.",
        _reported_or_asked,
    ),
    ScopeRule(
        PROMISE,
        "promises an outcome",
        "Offer hope without guarantees: say what is possible and what you will do to help.",
        _negated,
    ),
)


#: For each rule, strings one of which every match contains: a rule none of whose strings is in
#: the turn is not searched (the same flags, found faster on long turns).
GATES = tuple(
    tuple(required_factors(sre_parser.parse(rule.pattern.pattern)) or ("",)) for rule in RULES
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper steps outside the peer role (the first kind found)."""
    if speaker != "helper":
        return None
    return next(violations(text), None)


def violations(text: str) -> Iterator[PeerFlag]:
    """Every way `text` (a helper's words, or a peer's note) steps outside the peer role, in
    order: at most one flag per sentence and kind of rule."""
    text, low = normalized(text)
    low = without_quotes(low)
    rules = [
        rule for rule, gate in zip(RULES, GATES, strict=True) if any(map(low.__contains__, gate))
    ]
    for start, end in sentence_spans(low):
        sentence = low[start:end]
        seen = set()
        for rule in rules:
            match = rule.pattern.search(sentence)
            if match and rule.what not in seen and not rule.excused(sentence, match.start()):
                seen.add(rule.what)
                found = text[start + match.start() : start + match.end()].strip()
                yield PeerFlag("scope_violation", f'{rule.what} ("{found}")', rule.suggestion)
