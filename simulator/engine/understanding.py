"""Understanding the trainee's turn: what they did (the act) and what it was about.

The act comes from the coder's fine code and peer flags, checked against the words (a
question mark, "on a scale of 0 to 10", "would it be okay if I…"). What it is about comes
from the scenario: a fact whose asking words the turn shares, a topic whose aliases it
names, or a topic whose lines the person just said and the turn echoes. A reflection with
no topic of its own continues the person's last topic. Pure Python, a fraction of a
millisecond a turn.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from simulator.coding.codes import Coding
from simulator.engine.scenario import Scenario
from simulator.engine.words import (
    OPEN_STARTS,
    WH_WORDS,
    all_stems,
    content_stems,
    plain,
    question_words,
    stem,
    tokens,
)

ACTS = (
    "greeting",
    "apology",
    "goodbye",
    "yes_no_question",
    "open_question",
    "ruler",
    "permission_request",
    "reflection",
    "summary",
    "affirmation",
    "autonomy",
    "advice",
    "information",
    "self_disclosure",
    "crisis_question",
    "crisis_support",
    "other",
)
ADVICE_CODES = frozenset(
    {
        "advise_without_permission",
        "advise_with_permission",
        "persuade",
        "persuade_with_permission",
        "confront",
    }
)
_AUXILIARY_TEXT = "do does did is are was were have has had can could will would should am any ever"
AUXILIARIES = frozenset(_AUXILIARY_TEXT.split())
FACT_THRESHOLD = 0.6
NEAR_THRESHOLD = 0.4  # enough for a fact of the topic the turn names
CRISIS_QUESTIONS = ("thoughts", "plan", "means", "timing")
THIRD_PERSON = frozenset({"he", "she", "him", "her", "his", "hers", "he's", "she's"})
#: Question subjects that are not a third party (pronouns refer to who was just mentioned).
NOT_A_THIRD_PARTY = THIRD_PERSON | frozenset(
    {"you", "i", "it", "that", "this", "there", "we", "they", "anyone", "anybody", "someone"}
    | {"somebody", "anything", "something"}
)
#: A name inside a sentence ("…my sister Marisol…"), not a capital that starts one.
NAME = re.compile(r"(?<![.?!\"'])(?<![.?!]\s)(?<!^)\b(?!I\b)[A-Z][a-zà-ÿ]+")
CAPITALISED = re.compile(r"\b[A-Z][a-zà-ÿ]+")
PRONOUNS = frozenset({"you", "your", "you're", "i", "me", "my", "are", "is", "do", "does"})


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b")


GREETING = _words(r"hi|hello|hey|good (?:morning|afternoon|evening)|welcome|nice to meet|this is")
SUICIDE = _words(
    r"suicid\w*|kill(?:ing)? (?:your ?self|yourself)|end(?:ing)? (?:it all|things)"
    r"|(?:end(?:ing)?|take) (?:your|their) (?:own )?li(?:fe|ves)"
    r"|(?:didn't|not|never) wak(?:e|ing) up|easier if you (?:weren't|didn't)|not (?:be )?around"
    r"|(?:hurt|harm)(?:ing)? yourself|(?:want|wanting) to die"
    r"|not (?:want|wanting) to (?:be here|be alive|live|wake up)|better off without you"
    r"|thoughts of (?:dying|death)|don't want to (?:be here|live|wake up)"
)
FIREARM = _words(r"guns?|rifles?|firearms?|pistols?|handguns?|shotguns?|weapons?|ammo\w*")
OTHER_MEANS = _words(r"pills?|medications?|meds|rope|knife|knives|anything like that|access to")
PLAN = _words(
    r"plans?|planned|planning|decided how|method|(?:thought|think|thinking) (?:about|of) how"
    r"|how (?:you would|would you|you'd|you might|you could) (?:do|end|kill|hurt|take)"
    r"|(?:got|have|found) a way|way to do|thought (?:about|of) doing"
)
TIMING = _words(
    r"tonight|right now|today|this week|soon|timeline|any time soon"
    r"|when (?:would|will|might|do|are|were) you (?:think(?:ing)? )?(?:you )?(?:might |would )?"
    r"(?:do|act|going|planning|try)"
)
ACTING = _words(r"do it|act on|go through with|doing it|acting on|something to yourself")
CONNECT = _words(
    r"988|crisis (?:line|team|center|centre|counselor)|lifeline|hotline|mobile crisis|911"
    r"|supervisor|emergency"
)
WARM = _words(
    r"together|with you|stay on|on the line|i'll (?:call|dial|connect|get|bring|stay|be)"
    r"|let's|can we|could we|we can|we could|i can (?:call|connect|get|conference|bring|stay)"
    r"|conference|three[- ]way|loop (?:them|someone) in|bring (?:them|someone) in|while i"
    r"|i'm here|i'm right here"
)
STAYING = _words(
    r"i'm (?:here|not going anywhere|staying|right here)|i'll stay|i will stay"
    r"|stay (?:on the line )?with you|you're not alone|not leaving you|i'm not leaving"
)
MEANS_STEP = _words(
    r"lock\w*|store|storing|somewhere else|out of the (?:house|home)|away from|safe(?:ly|r)?"
    r"|(?:keep|give|hand|take|hold|move|bring) (?:it|them|the|that|those|your|his|her)"
    r"|hold (?:on to|onto)|distance|remove|get rid|for a while|for now"
    r"|at (?:his|her|their|a friend's|a neighbor's|your brother's) (?:place|house)"
)
CALLING = _words(r"call|calling|dial|phone|ring|connect|conference|reach out to")
RULER = _words(
    r"scale|0 to 10|zero to ten|1 to 10|one to ten|out of 10|out of ten|0 and 10|1 and 10"
    r"|zero and ten|one and ten|from 0|from zero|from 1|from one"
)
#: A ruler asked without a scale ("How confident are you that you could call the clinic?").
RULER_WITHOUT_SCALE = _words(
    r"how (?:confident|sure) (?:are|do) you (?:feel )?(?:that )?(?:you )?"
    r"(?:could|can|can't|will|would|'ll|are able|be able)"
    r"|how (?:important|ready) (?:is it|are you|do you feel) (?:to you )?(?:to|that|about)"
)
CONFIDENCE = re.compile(r"confiden|\bable to\b|\bcould you\b|\bcan you\b|\bsure you\b")
PERMISSION = _words(
    r"would it be (?:ok|okay|alright|all right)|is it (?:ok|okay|alright|all right) if"
    r"|(?:can|could|may) i (?:share|tell|offer|give|suggest|mention|add)|mind if i"
    r"|would you like (?:to hear|me to|some|a few)|do you want (?:to hear|me to)"
    r"|would you be open to (?:hearing|me)|okay if i|ok if i"
)
#: The choice handed back ("It's completely up to you what you do with any of this.").
AUTONOMY = _words(
    r"(?:up to you|your (?:call|choice|decision)|you (?:get to )?decide|you're the (?:expert|one)"
    r"|you know (?:yourself|your life) best|nobody can make you|no one can make you"
    r"|(?:you )?(?:don't|do not) have to (?:talk|tell|say|share|answer|get into|go into|decide)"
    r"|only (?:what|as much as) you (?:want|choose|feel))"
)
#: The check that ends a reflection or summary ("…and Kaylee. What did I miss?").
CHECK = _words(
    r"(?:what|anything) (?:did|have) i (?:miss|missed|leave out|left out|get wrong|got wrong)"
    r"|did i (?:get|miss|leave)|(?:is|was) that (?:right|about right|close|fair)"
    r"|does that (?:sound|fit|seem) (?:right|about right|fair)|how (?:did|does) that sound"
    r"|am i (?:right|close|getting (?:that|it) right)|did i get (?:that|it) right"
)
APOLOGY = _words(r"i'm sorry|i am sorry|i apologi[sz]e|my apologies|sorry,? (?:that|i|about)")
GOODBYE = _words(
    r"thanks for (?:talking|coming|meeting|your time|today)"
    r"|thank you for (?:talking|today|your time)|take care|see you|goodbye|good bye|bye"
    r"|talk (?:to you )?(?:soon|later|next week)"
)
#: A question about what could be ("What would mornings look like?") evokes; no fact answers it.
HYPOTHETICAL = _words(
    r"(?:would|could|might) .*(?:look like|be different|change)|if (?:you|things|it)"
)
#: A question that argues ("You know stopping would be dangerous, right?"): the righting reflex.
LEADING_QUESTION = re.compile(
    r"^(?:you know|don't you (?:think|know|realize)|wouldn't you (?:agree|say)|isn't it time"
    r"|shouldn't you|you realize|do you realize|have you considered just|why don't you|why not)\b"
    r"|\b(?:should|need to|have to|must|would be)\b.*,\s*(?:right|okay|ok)\?$"
)
#: Advice in so many words, whatever the code ("Honestly, you could just file a complaint").
ADVICE_WORDS = _words(
    r"you (?:could|should|need to|have to|ought to)"
    r" (?:just|really|always|try|go|call|get|stop|quit|file)"
    r"|why don't you|you'd better|my advice|i'd (?:suggest|recommend)|try (?:to|not to)"
)
#: A suggestion put as a question ("Would it help to talk to the education specialist?").
SUGGESTION = re.compile(
    r"^(?:would it help (?:to|if)|what if you|how about|what about (?:trying|talking|calling)"
    r"|have you (?:thought about|considered)|could you (?:try|maybe|call|talk|ask)"
    r"|would you (?:consider|be willing to|think about))\b"
)
#: An option put on the table ("You could restart at the bridge clinic", "Some people find…").
OFFER = _words(
    r"you (?:could|might|can|may want to)|some (?:people|folks)|(?:other|a lot of) people"
    r"|one (?:option|idea|thing that)|(?:what|something that) (?:helped|worked) (?:me|for)"
)
GUESSED_FEELING = _words(
    r"(?:you|that|it|this) must (?:be|feel|miss|have|hurt|get|hate|love|wonder)"
)
REFLECTIONS = ("simple_reflection", "complex_reflection", "summary")
AFFIRMATION = _words(
    r"that matters|you should be proud|(?:that's|that is) (?:impressive|amazing|a big deal)"
    r"|(?:takes?|took) (?:real |a lot of |some )?(?:courage|honesty|strength|guts|determination"
    r"|work|heart)|(?:tells|shows) me (?:you|how)|you know how to|you've fought"
    r"|you (?:really |clearly |obviously |so )?care (?:a lot |so much |deeply )?about"
    r"|(?:that|it|this) shows (?:you're|you are|that you|how (?:much|serious|hard))"
    r"|(?:really |so )?glad you (?:came|walked|called|reached|stopped|told|shared|said)"
    r"|thank you for (?:coming|calling|telling|sharing|trusting)|means a lot that you"
    r"|(?:that's|that is|shows|showed) (?:a )?(?:real )?(?:strength|courage|commitment)"
    r"|good for you|i (?:really )?admire|proud of|impressive|well done|you did (?:it|that)"
    r"|you(?:'ve| have) (?:already )?(?:managed|made it|done so|come a long way)"
    r"|counts for something|(?:that|it) counts|says (?:a lot|something) about you"
    r"|(?:holding|held) down|kept (?:going|showing up|at it)|keep showing up|showing up for"
)


@dataclass(frozen=True, slots=True)
class Recent:
    """What the person said lately, and the topic each line was about."""

    line: str
    topic: str | None


@dataclass(frozen=True, slots=True)
class Understanding:
    """What the trainee's turn did and what it was about."""

    act: str
    topic: str | None = None
    fact: str | None = None
    crisis: str | None = None  # thoughts, plan, means, timing, staying, warm_handoff, …
    ruler: str | None = None  # importance or confidence
    advice: int | None = None  # index into act_replies.advice.named; None for general
    fits: bool = True  # a reflection that matches what the person said
    named: bool = False  # the turn names its topic (an alias), not only continues the thread
    offer: bool = False  # the turn puts an option on the table (advice, once invited)
    hypothetical: bool = False  # the turn asks what could be ("What would be different if…?")
    stems: frozenset[str] = frozenset()  # the turn's content words, stemmed


@dataclass(frozen=True)
class _TopicWords:
    single: frozenset[str]
    multi: tuple[re.Pattern[str], ...]

    def hits(self, stems: frozenset[str], text: str) -> int:
        return len(self.single & stems) + sum(1 for pattern in self.multi if pattern.search(text))


class ScenarioIndex:
    """The scenario's asking words, aliases and lines, prepared once for fast matching."""

    def __init__(self, scenario: Scenario) -> None:
        self.facts = [
            (fact.id, [(_asking_stems(ask), _wh(ask), _common(ask)) for ask in fact.ask])
            for fact in scenario.facts
        ]
        self.fact_topic = {fact.id: fact.topic for fact in scenario.facts}
        self.asks = {fact.id: tuple(fact.ask) for fact in scenario.facts}
        self.fact_words = {
            fact.id: frozenset().union(*(all_stems(phrase) for phrase in fact.ask))
            for fact in scenario.facts
        }
        self.topics = {name: _topic_words(topic.aliases) for name, topic in scenario.topics.items()}
        person = scenario.person
        about = " ".join([person.background, person.ambivalence, *person.goals])
        #: Topics a trainee knows of from the person's background: reflecting them is no miss.
        self.known = frozenset(_topic_hits(self.topics, all_stems(about), plain(about)))
        self.advice = [_topic_words(entry.about) for entry in scenario.act_replies.advice.named]
        document_count: dict[str, int] = {}
        phrase_sets = [stems for _, phrases in self.facts for stems, _, _ in phrases]
        for stems in phrase_sets:
            for word in stems:
                document_count[word] = document_count.get(word, 0) + 1
        total = max(1, len(phrase_sets))
        self.weight = {
            word: 1.0 + math.log(total / count) for word, count in document_count.items()
        }

    def best_fact(
        self,
        stems: frozenset[str],
        wh: frozenset[str],
        topic: str | None = None,
        content: frozenset[str] = frozenset(),
    ) -> str | None:
        """The fact the turn asks about, if its asking words are mostly there (or, for a fact
        of the `topic` the turn names, at least some of them). A phrase of common words only
        does not count for a turn that names another topic with `content` words of its own."""
        best: tuple[float, float, str] | None = None
        for fact_id, phrases in self.facts:
            for phrase_stems, phrase_wh, common in phrases:
                matched = phrase_stems & stems
                if not matched:
                    continue
                # fsum is exact, so the score does not depend on the sets' (hash-seeded) order
                total = math.fsum(self.weight.get(word, 1.0) for word in phrase_stems)
                found = math.fsum(self.weight.get(word, 1.0) for word in matched)
                score = found / total
                other_question = bool(phrase_wh) and not phrase_wh & wh
                if other_question:
                    score *= 0.5  # "who is Lucía?" is not "how is Lucía?" nor "tell me about her"
                elsewhere = topic is not None and self.fact_topic[fact_id] != topic
                if common and elsewhere and content - phrase_stems:
                    continue  # "how's it going" does not answer "How's Lucía doing?"
                if common:
                    score *= 0.99  # "what's going on" yields to "…going on with the medication"
                near = topic is not None and self.fact_topic[fact_id] == topic and len(matched) > 1
                if score < FACT_THRESHOLD and (other_question or not near):
                    continue
                if score < NEAR_THRESHOLD:
                    continue
                candidate = (score, found, fact_id)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        return best[2] if best is not None else None

    def about(self, fact_id: str, subject: str) -> bool:
        """Whether a question whose subject is `subject` can ask for this fact: it names the
        subject ("Does Lucía know…" asks about Lucía), or the fact is about the one the subject
        names ("Has Omar been eating?" asks "is he eating at all")"""
        if subject in self.fact_words[fact_id]:
            return True
        topic = self.fact_topic[fact_id]
        third_person = any(THIRD_PERSON & set(tokens(phrase)) for phrase in self.asks[fact_id])
        return third_person and topic in self.topics and subject in self.topics[topic].single

    def topic_hits(self, stems: frozenset[str], text: str) -> dict[str, int]:
        """How many aliases of each topic the turn names (topics with none left out)."""
        return _topic_hits(self.topics, stems, text)

    def advice_entry(self, stems: frozenset[str], text: str) -> int | None:
        """The named advice the turn gives, if any."""
        scored = [(words.hits(stems, text), index) for index, words in enumerate(self.advice)]
        best = max(scored, default=(0, 0))
        return best[1] if best[0] else None


_INDEXES: dict[int, tuple[Scenario, ScenarioIndex]] = {}
MAX_INDEXES = 64


def index_for(scenario: Scenario) -> ScenarioIndex:
    """The prepared index of a scenario (scenarios are frozen, so it is computed once)."""
    cached = _INDEXES.get(id(scenario))
    if cached is not None and cached[0] is scenario:
        return cached[1]
    if len(_INDEXES) >= MAX_INDEXES:
        _INDEXES.pop(next(iter(_INDEXES)))
    index = ScenarioIndex(scenario)
    _INDEXES[id(scenario)] = (scenario, index)
    return index


def understand(
    text: str,
    coding: Coding,
    scenario: Scenario,
    recent: Sequence[Recent] = (),
    crisis_open: bool = False,
    mentioned: frozenset[str] = frozenset(),
) -> Understanding:
    """The act of the trainee's turn `text` (coded as `coding`) and what it is about.

    `recent` is what the person said lately (last line last); `crisis_open` whether a crisis
    hint or cue has come up; `mentioned` the topics talked about so far.
    """
    index = index_for(scenario)
    flat = plain(text)
    every_stem = all_stems(text)
    stems = content_stems(text)
    topic, echoes = _topic(index, every_stem, stems, flat, recent)
    named = topic is not None and topic in index.topic_hits(every_stem, flat)
    first = len(recent) <= 1  # only the opening said so far
    turn = _Turn(text, flat, tokens(text), stems, every_stem, topic, echoes, first)
    crisis = _crisis_move(flat, coding, crisis_open, scenario.crisis is not None)
    if crisis == "thoughts" and not SUICIDE.search(flat) and _ordinary_question(index, turn):
        crisis = None  # "Are you safe with Dale?" asks what the story answers, not about suicide
    if crisis is not None:
        act = "crisis_question" if crisis in CRISIS_QUESTIONS else "crisis_support"
        heard = Understanding(act, topic=topic, crisis=crisis)
    else:
        heard = _classify(turn, coding, index, recent, mentioned)
    offer = bool(OFFER.search(flat)) and not turn.text.rstrip().endswith("?")
    hypothetical = bool(HYPOTHETICAL.search(flat)) and "?" in flat
    return replace(
        heard,
        named=named and heard.topic == topic,
        stems=stems,
        offer=offer,
        hypothetical=hypothetical,
    )


@dataclass(frozen=True)
class _Turn:
    """The trainee's words, prepared once."""

    text: str
    flat: str
    words: list[str]
    stems: frozenset[str]
    every_stem: frozenset[str]
    topic: str | None
    echoes: bool
    first: bool = False  # the first turn of the session


def _classify(
    turn: _Turn,
    coding: Coding,
    index: ScenarioIndex,
    recent: Sequence[Recent],
    mentioned: frozenset[str],
) -> Understanding:
    """The act of a turn that is not a crisis move, and the fact it asks about."""
    flat, words, topic = turn.flat, turn.words, turn.topic
    if RULER.search(flat) or RULER_WITHOUT_SCALE.search(flat):
        ruler = "confidence" if CONFIDENCE.search(flat) else "importance"
        return Understanding("ruler", topic=topic, ruler=ruler)
    if PERMISSION.search(flat):
        return Understanding("permission_request", topic=topic)
    if coding.has_flag("self_disclosure"):
        return Understanding("self_disclosure", topic=topic)
    advice = index.advice_entry(turn.every_stem, flat)
    if APOLOGY.search(flat) and not turn.text.rstrip().endswith("?"):
        return Understanding("apology", topic=topic)
    if GOODBYE.search(flat) and not turn.text.rstrip().endswith("?") and not turn.first:
        return Understanding("goodbye", topic=topic)  # "Thanks for coming in" first welcomes
    if CHECK.search(_last_question(flat)) and len(words) > 10:
        gathers = coding.code == "summary" or len(words) > 20 or flat.count(",") >= 2
        act = "summary" if gathers else "reflection"
        fits = turn.echoes or topic is None or topic in mentioned or topic in index.known
        return Understanding(act, topic=topic, fits=fits)
    if AUTONOMY.search(flat) and not turn.text.rstrip().endswith("?"):
        return Understanding("autonomy", topic=topic)
    if _is_question(turn.text, words, coding):
        referred = recent[-1] if recent else None
        named = topic if topic in index.topic_hits(turn.every_stem, flat) else None
        asked = _with_referent(index, turn.stems | turn.every_stem, words, referred)
        fact = (
            None
            if HYPOTHETICAL.search(flat)
            else index.best_fact(
                asked, question_words(words), named, content_stems(_last_question(flat))
            )
        )
        question = tokens(_last_question(flat)) or words  # "Of course you can ask. What's…?"
        subject = _third_party(question)
        if fact is not None and subject and not index.about(fact, stem(subject)):
            fact = None  # "Does Lucía know how much you drink?" is about Lucía
            topic = next(iter(index.topic_hits(frozenset({stem(subject)}), subject)), topic)
        if fact is not None:
            topic = index.fact_topic[fact] or topic
            return Understanding(_question_kind(question, coding), topic=topic, fact=fact)
        open_form = bool(question_words(words[:1]))  # "How could you…?" asks, whatever the code
        suggested = advice is not None and SUGGESTION.search(flat)
        if (
            suggested
            or LEADING_QUESTION.search(flat)
            or (coding.code in ADVICE_CODES and not open_form)
        ):
            return Understanding("advice", topic=topic, advice=advice)
        return Understanding(_question_kind(question, coding), topic=topic)
    if (GREETING.search(flat) or (turn.first and GOODBYE.search(flat))) and len(words) <= 12:
        return Understanding("greeting", topic=topic)
    if AFFIRMATION.search(flat) or coding.code == "affirm":
        return Understanding("affirmation", topic=topic)
    if (coding.code in ADVICE_CODES or ADVICE_WORDS.search(flat)) and not GUESSED_FEELING.search(
        flat
    ):
        return Understanding("advice", topic=topic, advice=advice)
    if coding.code == "giving_information":
        return Understanding("information", topic=topic)
    if coding.code in (*REFLECTIONS, *ADVICE_CODES):  # advice codes here: "you must miss him"
        act = "summary" if coding.code == "summary" else "reflection"
        fits = turn.echoes or topic is None or topic in mentioned or topic in index.known
        return Understanding(act, topic=topic, fits=fits)
    if coding.code in ("emphasize_autonomy", "seek_collaboration"):
        return Understanding("autonomy", topic=topic)
    return Understanding("other", topic=topic)


def _third_party(words: list[str]) -> str | None:
    """The subject of a question when it is someone other than the person ("Does *Lucía*
    know…?", "Is your *sister*…?"), else None."""
    aux = next((i for i, word in enumerate(words[:4]) if word in AUXILIARIES), None)
    if aux is None or aux + 1 >= len(words):
        return None
    subject = words[aux + 1]
    if subject in ("your", "the") and aux + 2 < len(words):
        return words[aux + 2]
    return None if subject in NOT_A_THIRD_PARTY else subject


def _with_referent(
    index: ScenarioIndex, stems: frozenset[str], words: list[str], said: Recent | None
) -> frozenset[str]:
    """ "How old is she?" asks about whoever the person was just talking about: the words of
    that topic stand in for the pronoun, when the person's last line named someone."""
    if said is None or said.topic is None or not THIRD_PERSON & set(words):
        return stems
    aliases = index.topics[said.topic].single
    capitals = {stem(plain(word)) for word in CAPITALISED.findall(said.line)}
    someone = THIRD_PERSON & set(tokens(said.line)) or NAME.search(said.line) or capitals & aliases
    if not someone:
        return stems  # nobody in play: the pronoun cannot mean the current topic
    return stems | aliases


def _topic(
    index: ScenarioIndex,
    all_stems: frozenset[str],
    stems: frozenset[str],
    flat: str,
    recent: Sequence[Recent],
) -> tuple[str | None, bool]:
    """(topic the turn is about or None, whether it echoes the person's recent words)."""
    scores = {name: 2.0 * count for name, count in index.topic_hits(all_stems, flat).items()}
    echoes = False
    for age, said in enumerate(reversed(recent[-2:])):
        shared = len(stems & content_stems(said.line))
        if shared and said.topic is not None:
            echoes = True
            scores[said.topic] = scores.get(said.topic, 0.0) + min(shared, 2) * (1.0 - 0.3 * age)
    if not scores:
        return None, echoes
    return max(scores.items(), key=lambda item: item[1])[0], echoes


#: The start of a condition a suicide word may sit in ("…if you're in danger of hurting yourself").
CONDITION = re.compile(r"\b(?:if|unless|in case|whether)\b[^.?!;:]*$")


def _said_as_condition(flat: str) -> bool:
    """Whether every suicide word of a turn without a question sits in a condition: the limits
    of confidentiality explained ("…if you might hurt yourself, I'd have to tell someone")."""
    if "?" in flat:
        return False
    hits = list(SUICIDE.finditer(flat))
    return bool(hits) and all(CONDITION.search(flat[: hit.start()]) for hit in hits)


def _crisis_move(flat: str, coding: Coding, crisis_open: bool, has_arc: bool) -> str | None:
    if _said_as_condition(flat):
        return None
    suicide = bool(SUICIDE.search(flat))
    firearm = bool(FIREARM.search(flat))
    other_means = bool(OTHER_MEANS.search(flat))
    about_crisis = crisis_open or suicide
    means_flag = coding.has_flag("lethal_means")
    means_named = firearm or (other_means and about_crisis) or means_flag
    if means_named and has_arc and (MEANS_STEP.search(flat) or (means_flag and "?" not in flat)):
        return "lethal_means"
    connect = coding.has_flag("crisis_connect") or bool(CONNECT.search(flat))
    warm = bool(WARM.search(flat)) and not coding.has_flag("cold_referral")
    if coding.has_flag("cold_referral") and (about_crisis or connect):
        return "cold_referral"
    if connect and (about_crisis or coding.has_flag("crisis_connect")):
        return "warm_handoff" if warm else "cold_referral"
    if crisis_open and warm and CALLING.search(flat) and "together" in flat:
        return "warm_handoff"  # "Let's call them together" once the crisis is in the open
    flat = _last_question(flat)
    if firearm or ((other_means or means_flag) and about_crisis and "?" in flat):
        return "means"
    if about_crisis and PLAN.search(flat) and "?" in flat:
        return "plan"
    if about_crisis and TIMING.search(flat) and (ACTING.search(flat) or suicide) and "?" in flat:
        return "timing"  # "are you thinking of doing it tonight?"
    if suicide or coding.has_flag("crisis_ask"):
        return "thoughts"
    if about_crisis and (coding.has_flag("crisis_stay") or STAYING.search(flat)):
        return "staying"
    return None


#: Words of any safety question: a fact that shares only these is not what the turn asks.
SAFETY_WORDS = frozenset({"safe", "safety", "right", "now", "tonight", "today", "ok", "alright"})


def _ordinary_question(index: ScenarioIndex, turn: _Turn) -> bool:
    """Whether a safety question the coder hears as a crisis ask is one the person's story
    answers (a fact it names) or a confidence ruler ("…keep Mateo safe tonight?")."""
    if RULER.search(turn.flat) or RULER_WITHOUT_SCALE.search(turn.flat):
        return True
    question = tokens(_last_question(turn.flat))
    fact = index.best_fact(turn.stems | turn.every_stem, question_words(question))
    return fact is not None and bool(index.fact_words[fact] & turn.stems - SAFETY_WORDS)


def _last_question(flat: str) -> str:
    """The last question of a turn ("…lose a lot at once. Are you thinking…?" → the ask)."""
    questions = re.findall(r"[^.?!]*\?", flat)
    return questions[-1] if questions else flat


def _is_question(text: str, words: list[str], coding: Coding) -> bool:
    if text.rstrip().endswith("?"):
        return True
    first = " ".join(words[:3])
    return coding.behaviour == "question" or first.startswith(OPEN_STARTS)


#: Words that may come before a question without making it closed ("Hey Wendell, what…?").
LEAD_INS = frozenset({"hey", "hi", "hello", "ok", "okay", "so", "and", "well", "alright", "oh"})
LEAD_INS |= frozenset({"right", "yeah", "um", "uh", "hmm", "now", "but", "then"})


def _question_kind(words: list[str], coding: Coding) -> str:
    words = _without_lead_in(words)
    if question_words(words[:1]) or " ".join(words[:3]).startswith(OPEN_STARTS):
        return "open_question"
    if (words[:1] and words[0] in AUXILIARIES) or coding.code == "closed_question":
        return "yes_no_question"
    return "open_question"


def _without_lead_in(words: list[str]) -> list[str]:
    """The question without a lead-in ("hey", "so", "okay", a name) before its question word."""
    if not words:  # a bare "?"
        return words
    start = 0
    while start < min(3, len(words) - 1) and words[start] in LEAD_INS:
        start += 1
    after_name = start + 1
    asks_next = after_name < len(words) and question_words(words[after_name : after_name + 1])
    name_first = not question_words(words[start:after_name]) and words[start] not in AUXILIARIES
    if asks_next and name_first:
        start = after_name  # "Hey Wendell, what…": a name (or a word) before the wh-word
    return words[start:]


def _asking_stems(phrase: str) -> frozenset[str]:
    """The words that identify an asking phrase: its content words, or for a phrase of common
    words only ("where are you from") those words without the question word."""
    return content_stems(phrase) or frozenset(
        stem(word) for word in tokens(phrase) if word not in WH_WORDS and word not in PRONOUNS
    )


def _common(phrase: str) -> bool:
    """Whether an asking phrase is made of common words only ("what's going on")."""
    return not content_stems(phrase)


def _wh(phrase: str) -> frozenset[str]:
    return question_words(tokens(phrase))


def _topic_hits(topics: dict[str, _TopicWords], stems: frozenset[str], text: str) -> dict[str, int]:
    hits = {name: words.hits(stems, text) for name, words in topics.items()}
    return {name: count for name, count in hits.items() if count}


def _topic_words(aliases: Sequence[str]) -> _TopicWords:
    single = frozenset(stem(alias) for alias in map(plain, aliases) if len(tokens(alias)) == 1)
    multi = tuple(
        re.compile(r"\b" + r"\w*\s+".join(map(re.escape, tokens(alias))) + r"\w*")
        for alias in aliases
        if len(tokens(alias)) > 1
    )
    return _TopicWords(single, multi)
