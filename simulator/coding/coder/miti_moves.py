"""The MITI 4.2.1 moves a trainer listens for, found in the words whatever the model's behaviour.

`find_move(low, context)` returns the MI-adherent or MI-non-adherent code of a helper utterance
(confront, persuade, advice, seek collaboration, emphasize autonomy, affirm) with a reason, or
None when the utterance makes none of these moves and its code follows the model's behaviour.
`low` is the utterance lowercased with straight apostrophes (`simulator.coding.peer_codes._text`).

Order matters, as a trainer reads it: a shaming question is a confrontation before it is a
question; an argument that ends in advice is persuasion; asking permission is collaboration;
a line that leaves the choice with the person is autonomy before it is an affirmation.
Definitions: Moyers, Manuel & Ernst (2014, rev. 2016), *Motivational Interviewing Treatment
Integrity Coding Manual 4.2.1*. The labelled examples are in tests/simulator/data/.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.peer_codes._text import Prefiltered, normalized

LABELS = r"(?:an? )?(?:addict|junkie|drunk|alcoholic|druggie|crackhead|child|baby|liar|user)"
CONFRONT = Prefiltered(
    # labelling and blaming
    rf"\byou(?:'re| are) (?:just |so |really )?(?:being|acting like)"
    rf" (?:such |a total |a real )?{LABELS}\b",
    r"\byou(?:'re| are) (?:just |so |really |being ){0,2}(?:lazy|selfish|stubborn|dramatic"
    r"|ridiculous|irresponsible|pathetic|hopeless|stupid|weak|in denial|lying|kidding yourself"
    r"|wasting|the one who keeps|too smart to|making excuses|not (?:really |even )?(?:trying"
    r"|serious|listening|taking (?:this|it|your) \w* ?seriously))",
    r"\b(?:that's|that is|that was) (?:just |a |such a |pretty |so |the most |really |a really )?"
    r"(?:an excuse"
    r"|excuses|a lie|ridiculous|stupid|selfish|irresponsible|crazy|pathetic|lazy|not true"
    r"|not recovery|the addiction talking|on you|a (?:pretty )?selfish)",
    r"\b(?:stop|quit) (?:making excuses|feeling sorry for yourself|lying|whining)",
    rf"\b(?:stop|quit) (?:being|acting like) (?:such |a total |a real )?{LABELS}\b",
    r"\b(?:in denial|making excuses|admit (?:it|that)|face (?:it|the facts)|you knew better"
    r"|you know better|you should be ashamed|no wonder|i don't believe you|who (?:do you think"
    r" you're|are you) (?:fooling|kidding)|expect me to believe|you blew it|screw(?:ing|ed)"
    r" (?:this|it) up|don't come crying|how many times (?:do|have|are)|that could be you"
    r"|you can't keep blaming|the real problem is|you always say|but you never"
    r"|(?:say|tell me) i didn't warn you|i told you so|you're (?:just )?throwing (?:it|your life"
    r"|everything|it all) away)\b",
    # shaming and rhetorical questions
    r"^(?:\W*(?:so|and|but|okay|ok|well|honestly|seriously|come on|really),?\s+)*why(?:'d| did"
    r"| would| do| can't| could| are) you (?:even |just |ever |keep |always )?(?:throw|blow|waste"
    r"|give (?:it )?up|ruin|risk|mess|let|do that|go back|bother|keep|stay)",
    r"\b(?:how could you|what (?:were|was) you thinking|don't you care|do you even"
    r"|are you (?:seriously|really|kidding)|you'd rather\b[^.?!]*\?|isn't it time you"
    r"|you just gave (?:it )?(?:all )?up|you just threw|you're just going to keep"
    r"|until you lose everything)",
    # warnings of consequences
    r"\bdo you (?:really |even |honestly )?(?:want|wanna) (?:to )?(?:end up|lose"
    r"|go back to (?:jail|prison|the hospital"
    r"|the street)|die|wind up|spend|your kids to|to be (?:homeless|dead)|to grow up)",
    r"\b(?:keep (?:this|that|it) up|keep \w+ing\b[^.?!]{0,25}?|if you (?:keep|don't|do not"
    r"|drink|use|go back|carry on"
    r"|skip)\b[^.?!]{0,40}?)(?:,| and)? (?:then )?you(?:'ll| will|'re going to| are going to"
    r"|'re gonna) (?:\w+ ){0,2}?(?:lose|die|end up|be dead|never|regret|wind up|go back|get"
    r" kicked|land|be back|kill)",
    r"\byou(?:'ll| will|'re going to| are going to) (?:\w+ )?(?:be dead|end up (?:dead|in jail"
    r"|back in|on the street)|die)\b[^.?!]*(?:if|unless|keep)",
    r"\b(?:you(?:'ll| will|'re going to) regret it|you'll be dead|(?:is|are|it's) going to"
    r" (?:drag you|kill you|land you|cost you everything|ruin you))",
)
PERSUADE = Prefiltered(
    r"\b(?:trust me|the truth is|the (?:research|science|facts?|evidence|data) (?:is|are|shows?"
    r"|says?|speak)|(?:don't|do not) you (?:think|see|want)|wouldn't it be (?:better|easier"
    r"|smarter|best|nice)|surely you|it's obvious|obviously|anyone can see(?! that\W*$)"
    r"|you'd be (?:crazy"
    r"|silly|foolish) not|you owe it to|anyone in your (?:situation|shoes)|it's (?:that )?simple"
    r"|(?:it )?(?:just |really )?makes (?:more )?sense (?:to|than)|the only (?:way|thing)"
    r" (?:forward|that works|that's going to|that will)|only thing that works|bottom line"
    r"|no (?:good )?reason to|no downside|the right (?:thing|choice) (?:to do|for you)"
    r"|if you really (?:loved|cared|wanted)|of course you need|the longer you wait"
    r"|only hurting yourself|holding you back|track record|(?:is|would be|was) the best (?:thing"
    r"|gift)|you have to (?:understand|realize|see|admit)|if you (?:just )?gave it a|just imagine"
    r"|think (?:of|about) (?:how|all the)"
    r"|there's no way you can|your health is more important|come on,? you know"
    r"|it's better for (?:everyone|you|your)|imagine how (?:proud|much (?:better|happier|easier)"
    r"|good|great|happy|different))",
    r"\b(?:so|and) (?:it's worth|it is worth|you should too|just do it)\b",
    r"\bonce you(?:'re| are)? (?:sober|stop|quit|clean|stopped|get clean)\b",
    r"\b(?:you'll|you will) (?:feel|sleep|see|wonder|thank)\b[^.?!]{0,30}\b(?:better|so|why)\b",
    r"\b(?:would|will) (?:solve|fix|change) (?:most |all |everything|your|things)",
    r"[a-z],? so you (?:should|need to|have to|ought to|must)\b",
    r"\b(?:so much|a lot|far|way) (?:better|happier|healthier)\b"
    r"(?! than (?:i|me|anyone|anybody)\b)",
    r"\b(?:happier|healthier|better off) (?:with|without|if)\b",
    r"\b(?:would|will) be so (?:proud|much better|happy)\b",
    r"\b(?:is|are) (?:clearly |obviously )?(?:what's|what is) (?:making|causing|wrecking"
    r"|killing|ruining|hurting|destroying|holding)",
    r"\b(?:smart|strong|old) enough to (?:know|see|realize|understand)\b",
    r"(?:^\W*|[,;.!]\s*|\bbut\s+|\btrust me,?\s+)(?:honestly,?\s+)?it's (?:so |totally |really"
    r" |all )?worth it\b(?!\?)",
    r"\bdon't throw (?:it|this|that|everything|all (?:of )?(?:that|this|it)) away\b",
    r"\byou know (?:that )?(?:the |your |it's |this |drinking |using )?[\w ]{0,20}(?:is|are)"
    r" (?:making|what's|causing|killing|bad|the problem|wrecking)",
    r"\b(?:clearly|obviously) (?:what's|the reason|wrecking|holding|making|causing)",
    r"\b(?:everyone|everybody|people) who (?:quit|stop|sticks?|goes?|stays?)\b[^.?!]*\b(?:better"
    r"|longer|best|so you|says)",
    r"\b(?:works?|helps?) (?:for )?(?:a lot of|most) people,? so\b",
    r"\b(?:sobriety|quitting|being sober|recovery) (?:is|would be|will be) (?:the best|so much)",
)
ADVICE = Prefiltered(
    r"\byou(?: should|'d better| had better| need to| have to| must| ought to| gotta| got to"
    r"| really should| really need to| just need to)\b"
    r"(?! be (?:really |so |very )?proud)"
    r"(?! (?:get|receive|hear) (?:a |an |the |back )?(?:letter|call|email|text|notice|reply"
    r"|answer|check|card|from))",
    r"\bwhy (?:don't|do not) you (?:just )?(?!start by|tell me|talk|share|describe|say|walk me"
    r"|take a (?:minute|moment))",
    r"\b(?:i think (?:you |that you )?(?:should|need to|have to|ought to)|i(?:'d| would)?"
    r" (?:recommend|suggest|advise)|my advice is"
    r"|if i were you|i'?d (?:just |probably |definitely |honestly )?(?:tell (?:him|her|them|your)"
    r"|go (?:to|back|down|up|off)|move|start|stop|ask (?:your|for|him|her)|skip|take|try|cut"
    r"|switch|drop|wean|taper|lower|raise|double|split|halve|hold off|quit|keep taking|leave"
    r"|bump|up (?:it|the|your))\b"
    r"|what you need (?:to do )?is|the best thing (?:you can do|to do) is)",
    r"\b(?:one (?:idea|option|thing you could do) is|some (?:people|folks) find"
    r"|what helped me was)",
    r"\byou (?:might|could|may) (?:probably |just |maybe |always |also )?(?:want to|consider"
    r"|try|ask|practi[sc]e|write|start|call|see if|cut|go|stop|take|use|get|look into|think about"
    r"|talk to|join|apply|move|tell|skip|split|halve|double|drop|quit|put|switch|lower|raise)\b",
    r"^(?:\W*(?:just|so|honestly|and|maybe|ok|okay|look|then|now|definitely|def|really|please"
    r"|pls),?\s+)*(?:go|get|try|stop|start|skip|double|split|halve|switch|swap|lower|raise|bump"
    r"|pop|wean|taper|leave (?:out|off)|hold off|up (?:it|the|your)\b"
    r"|call|make sure|don't (?!worry|be sorry|apologi[sz]e|mention it)|do not (?!worry)"
    r"|avoid|quit|write|delete|pour|throw|stay away|set|put|move"
    r"|join|apply|sign up|keep|tell (?:your|her|him|them)|ask (?:your|her|him|them|for)|make a"
    r"|take (?:a walk|the|your|some|an? extra|another|one|two|half|it|them|a (?:deep )?breath"
    r"|a break|a nap|a step back)|remember to"
    r"|think about|find|leave|cut|drink|eat|use)\b"
    r"(?!\s+(?:ahead|on\b|back to me|to know|me\b|us\b))",
)
SOFT_ADVICE = Prefiltered(
    r"\b(?:one (?:idea|option|thing you could do) is|you (?:might|could|may) (?:want to|consider"
    r"|try|ask|practi[sc]e|write|start|call|see)|some (?:people|folks) find|what helped me was"
    # the same hedge about a dose: "you could take it every other day" (an option, as "you could"
    # "try"); other verbs ("you could get arrested", "you could go two months?") are not offers
    r"|you (?:might|could|may) (?:probably |just |maybe |always |also )?(?:take|skip|split|halve"
    r"|double|switch|lower|raise) (?:it|them|one|two|half|the|your|a)\b"
    r"|you know (?:your situation|yourself|what works) best|if (?:it|that) (?:fits|works) for you"
    r"|see if (?:that|it|either|something))"
)
ASKED_FOR_ADVICE = Prefiltered(
    r"\b(?:what (?:should|do|can|could) i do|what would you do|any (?:ideas|advice|suggestions"
    r"|tips)|(?:do you )?have any (?:ideas|tips|advice|suggestions)|can you (?:help|tell me)"
    r"|should i|what do you (?:think|suggest|recommend)|what would you tell me|yes,? please"
    r"|go (?:ahead|on)|tell me|be straight|say it|your (?:honest )?opinion|i'd like to hear"
    r"|i want to know|if you were me)\b|^\W*(?:sure|yes|yeah|okay|ok)\b"
)
BARE_ASK = (
    r"ask (?:you )?(?:a (?:quick |personal |real )?question|(?:a few|some|a couple(?: of)?)"
    r" questions|something(?: personal| else)?)"
    r"(?: (?:real )?quick(?:ly)?)?"
    r"\W*$"
)
SEEK_COLLABORATION = Prefiltered(
    # asking permission
    r"\bwould it be (?:ok|okay|alright|all right|helpful|useful) (?:if|to|with you|for me)",
    r"\bis it (?:ok|okay|alright|all right)(?: with you)? (?:if|to)\b(?! (?:we|i) (?:end|stop"
    r"|finish|wrap|reschedule|move|cancel|leave|close|hang up|cut)\b)",
    # (not a bare "can I ask you a question?": that asks to ask, it offers nothing)
    rf"\b(?:can|could|may) i (?!{BARE_ASK})(?:share|offer|tell you|give you|make a suggestion"
    r"|ask (?:a|you (?:a|about|some))|check|suggest|run|throw (?:out|something|an? )|add"
    r"|mention|point out|bounce|pass (?:along|on))",
    rf"\bmay i\b(?! {BARE_ASK})",
    # "mind if I share...?", "ok if I give you some info?", "would you be ok if I...?"
    r"^\W*(?:(?:is it|would it be|would that be) )?(?:ok|okay|alright|all right|cool|fine"
    r"|mind)(?: with you)? if (?:i|we (?:talk|discuss|look|go over|get into|spend|focus|come back"
    r"|work on|brainstorm|chat|dig))\b",
    r"\b(?:what|where|which|how) (?:should|shall|could|do) we (?:start|begin|go from|tackle|focus"
    r"|work on|talk about|do (?:first|with|next|today)|look at|handle|pick)",
    r"\banything (?:you(?:'d| would)? (?:like|want) me to|you(?:'d| would)? (?:like|want) to)"
    r" (?:focus|talk|cover|know|share|look|work|go over)",
    r"\bi (?:have|'ve got|got|know of|know about|found|could send|can send)\b[^.?!]{0,60}[,.;]?\s*"
    r"(?:would|do) you (?:like|want)\b",
    r"\bi (?:could|can) (?:tell|share|give|send|show|walk|go over)\b[^.?!]{0,50}\bif (?:that's|that"
    r" would be|that'd be|it's|it would be|it'd be|you(?:'d| would)? (?:like|want))",
    r"^\W*(?:(?:do|would) you )?(?:want|like|need) (?:some |a few |more )?(?:info|information"
    r"|ideas|options|suggestions|resources|tips|numbers)\b[^.?!]*\?",
    r"\bis it (?:cool|fine)(?: with you)? if i\b",
    r"\b(?:would|will|are) you (?:be )?(?:ok|okay|alright|all right|cool|good|fine) (?:if i|with"
    r" me)\b",
    r"\b(?:do|would) you mind if\b",
    r"\b(?:would|do) you (?:like|want) (?:to hear|me to|some (?:ideas|information|options"
    r"|info|suggestions|resources|tips|thoughts|feedback)"
    r"|to brainstorm|to (?:look|work|go over|talk about|make))",
    r"\bany (?:thoughts|ideas) (?:on|about) (?:where|what|how) (?:to|we)\b",
    r"^\W*(?:are you |would you be )?(?:open|up) (?:to|for) (?:some|a few|hearing|an?|my)\b",
    r"[,;]\s*(?:you )?(?:want|like|need) (?:it|them|that|one|some|a copy)\W*$",
    r"\b(?:would|do) you (?:like|want) (?:my|a few|a couple of) (?:two cents|thoughts|take|input"
    r"|ideas|suggestions?|feedback|opinion)",
    # "want me to tell you...?", "I have some thoughts, want to hear them?"
    r"(?:^\W*|[,;]\s*)(?:(?:do|would) you |you )?(?:want|like) (?:me to (?:tell|share|go over"
    r"|explain|walk|look|find|send|show|help|come|sit|call)|to hear (?:them|it|some|a|about|more"
    r"|what|my))",
    r"\bwould you be (?:open|interested|willing|up for)\b",
    r"\bare you (?:open|up for|interested in) (?:to )?(?:hearing|brainstorming|some|a few|a"
    r" different|me)",
    r"\bany interest in (?:hearing|learning|talking|looking|trying|checking)",
    r"\b(?:happy|glad) to (?:share|tell you|go over|give you|walk you|send|pass)\b[^.?!]{0,40}"
    r"\bif you(?:'d| would)? (?:like|want)",
    r"\blet me know if you(?:'d| would)? (?:like|want) (?:some|me to|to hear|more|info|a few"
    r"|the)",
    r"\bif it's (?:ok|okay|alright|all right) with you\b",
    r"\bwould it help (?:if|to)\b",
    r"\bis (?:now|this) a (?:good|ok|okay) time to\b",
    # asking for the person's ideas about what to do or talk about
    r"\b(?:what|where|which|how) (?:would|do) you (?:like|want) to (?:focus|talk|work|start"
    r"|tackle|use|do first|begin|handle|approach|go (?:from here|next)|get out of|cover|spend"
    r"|do (?:this|it|that)|go about"
    r"|get done|accomplish|get to|work on)",
    r"^\W*(?:(?:do|would) you )?(?:want|like) (?:my|some of my) (?:thoughts|two cents|take|input"
    r"|opinion|ideas|suggestions?|feedback|advice)\b",
    r"\bwhat (?:feels|seems|sounds) (?:most |the most |more )?(?:important|useful|helpful"
    r"|pressing|urgent)\b[^.?!]{0,20}\b(?:talk|focus|work|start|cover|tackle|look)",
    r"\bhow (?:would|do) you (?:like|want) (?:me to|us to|to use|to tackle|to handle)",
    r"\bwhere (?:should|shall|do) we (?:start|begin|go from)",
    r"\bwhat (?:do you think|ideas do you have)\b[^.?!]{0,25}\b(?:would|might|could|should"
    r"|next step|help|work|first)",
    r"\bwhat ideas do you have\b",
    r"\bhow can i (?:be )?(?:most |best )?(?:help|helpful|support)",
    r"\bwhat would (?:be|make|feel|seem) (?:most |the most |more )?(?:useful|helpful|today)",
    r"\b(?:let's|we could|can we|could we|shall we|maybe we (?:could|can)) (?:\w+ )?(?:figure"
    r"|work|look|decide|make|come up|brainstorm|put|go over|plan|think|write)",
    r"\b(?:work|figure|look|decide|plan|brainstorm|come up|think|talk|go over|put our heads)"
    r"[^.?!]{0,40}\btogether\b",
    r"\bhow does (?:that|this) sound\b",
    r"\bdoes (?:that|this) (?:fit|sound right|work for you|make sense to you)",
    r"\bwhat do you make of\b",
    r"\bwhich of (?:these|those|them) (?:feels?|sounds?|seems?)",
    r"\bwhat part of (?:this|it) would you\b",
    r"\b(?:i'd|i would) (?:love|like|want) to hear (?:your|what you)",
    r"\bwhat you think first\b",
    r"\bbefore i (?:share|say|suggest|offer)",
)
AUTONOMY = Prefiltered(
    r"\b(?:up to you|your (?:choice|decision|call)|yours to (?:make|decide)|your life)\b",
    # "it's between you and your prescriber", "you don't owe anyone an answer"
    r"\bbetween you and (?:your|the) (?:doctor|doc|prescriber|psychiatrist|provider|counselor"
    r"|therapist|nurse|care team)",
    r"\byou (?:don't|do not) owe (?:anyone|anybody|me|us|them|him|her)\b",
    r"\byou (?:don't|do not) need (?:anyone's|anybody's|my|our) (?:permission|approval|ok|okay)",
    r"\byou know (?:yourself|your (?:own )?(?:life|body|situation|needs)|what you need"
    r"|what's (?:best|right) for you) (?:best|better)\b",
    r"\b(?:nobody|no one)(?:'s| is)? (?:going to|gonna|can|will|gets to) (?:make|force) you\b",
    r"\b(?:nobody|no one) (?:gets|has the right) to decide\b",
    r"\bif not,? (?:that's|it's|that is|it is) (?:totally |completely )?(?:fine|ok|okay|cool"
    r"|alright|all right)\b",
    r"\byou can (?:always )?(?:say no|opt out|walk away|pass on|skip any)\b",
    r"\byou(?:'re| are) (?:always |totally )?allowed to (?:change|say no|decide|stop|walk|pass"
    r"|skip|not|take)",
    r"\byou (?:get to )?set the (?:pace|goals?|agenda|terms)\b",
    r"\b(?:take|keep) what(?:'s| is)? (?:useful|helpful|works|fits)\b[^.?!]{0,25}\bleave the"
    r" rest\b",
    r"\bno right (?:or wrong )?answer\b",
    r"\bwhatever (?:works|feels right|fits|makes sense) (?:for|to) you\b",
    r"\bhowever you (?:want|choose|decide|like)\b[^.?!]{0,30}\b(?:is|it's) (?:totally )?(?:valid"
    r"|fine|ok|okay|cool|up to you)",
    r"\byou have the right to\b",
    r"\b(?:it's|it is|this is) (?:totally |completely )?(?:ok|okay|fine) (?:if|to) (?:you )?"
    r"(?:decide not|say no|not)\b",
    r"\bthe (?:choice|decision)\b[^.?!]{0,30}\b(?:is|are) (?:all |totally |completely |entirely"
    r" )?yours\b",
    r"\b(?:boss|author|captain) of your (?:own )?(?:recovery|life|story|journey|plan)\b",
    r"\bno pressure\b|\bno obligation\b|\bunder no obligation\b",
    r"\b(?:at )?your own pace\b",
    r"\bonly one who (?:can|gets to) (?:decide|choose|say|make)\b",
    r"\b(?:do|go with|pick|choose) (?:what|whatever)(?:'s| is| feels| seems) right (?:to|for)"
    r" you\b",
    r"\b(?:the )?decision[- ]maker\b|\byou call it\b",
    r"\b(?:fine|ok|okay|cool|alright|all right) if you(?:'d| would)? (?:rather|prefer|don't|decide"
    r"|want to|choose|pass|skip|say no)\b",
    r"\bif (?:it's|that's|this is|it is) not (?:for you|your thing|right for you)\b",
    r"\byou (?:don't|do not) (?:need|have) to (?:decide|choose|commit|figure)\b",
    r"\byou know what(?:'s| is)? (?:works|best|right) for you\b",
    r"\byour (?:recovery|life|body|call|choice|plan|journey),? your (?:rules|call|choice|way|terms"
    r"|decision)\b",
    r"\byou (?:get to|can|will|'ll) (?:always |still |totally |absolutely )?(?:decide|choose"
    r"|set the pace|pick|change your mind|take (?:it"
    r" or leave|what)|stop (?:this|any)|make (?:that|the|this) (?:choice|call|decision)"
    r"|figure out what (?:fits|works))",
    r"\byou (?:decide|choose)\b",
    r"\b(?:you(?:'re| are)|your) (?:the one (?:who|in)|in (?:charge|control)|the (?:expert"
    r"|best judge)|free to|in the drivers?'?s?'? seat)",
    r"\b(?:nobody|no one) (?:else )?(?:can|gets to|is going to) (?:make|decide|force|choose)",
    r"\bonly you can\b",
    r"\byou know (?:your (?:own )?(?:life|situation|body)|what(?:'s| is| you can)|yourself)\b"
    r"[^.?!]{0,25}\bbetter than\b",
    r"\bwhatever you (?:choose|decide|end up|pick|land on|go with|settle on)",
    r"\bi(?:'ll| will) (?:support|back|respect|stand by) (?:you|whatever|your (?:choice|decision))"
    r"[^.?!]{0,30}\b(?:either way|whatever|no matter|decide|choose)",
    r"\bno (?:right or )?wrong (?:choice|answer|way|decision)\b",
    r"\bwhatever you (?:want|prefer|'d like|would like|feel like|think is best)\b",
    r"\byou (?:have|'ve got|got) (?:choices|options|a choice|a say|the final word)\b",
    r"\b(?:nobody|no one)(?:'s| is) (?:forcing|pushing|making) you\b",
    r"\bonly you (?:know|can)\b",
    r"\byou (?:don't|do not) have to (?!worry|apologi|be sorry|feel|be (?:ashamed|embarrassed"
    r"|afraid|scared)|tell (?:your|the) (?:po|probation|parole|police|cops|landlord|judge|court"
    r"|caseworker|boss))",
    r"\bif you(?:'d| would)? (?:rather not|prefer not|don't want to|aren't ready|are not ready)\b"
    r"[^.?!]{0,40}\b(?:that's|it's|that is) (?:totally |completely |perfectly |also |100% )?(?:fine"
    r"|ok|okay|cool|alright|all right)\b",
    r"\bi trust you to\b",
    r"\byou(?:'ve| have)? (?:got )?every right\b",
    r"\byou (?:don't|do not) have to (?:decide|do (?:anything|it|this)|if|go|choose|say"
    r"|take my word|agree with me|listen to me)",
    r"\bi'm not (?:here to tell|going to (?:push|tell you what))",
    r"\byou (?:have|get|'ve got) the (?:final|last) (?:say|word)\b",
    r"\bon your (?:own )?terms\b|\bas much or as little as\b",
    r"\byou can (?:stop|leave|quit|take a break|pause|end this|skip it|opt out)"
    r" (?:any ?time|whenever|at any point)",
    r"\ba (?:choice|decision|call) (?:for|between) you\b",
    r"\bif (?:that|it|this) (?:doesn't|does not) feel right\b",
    r"\b(?:choices?|decisions?) (?:you're|you are) free\b",
    r"\bleave it (?:with|to) you\b",
    r"\bthis is your (?:plan|life|decision|choice|recovery|journey|path|process|body)\b",
    r"\bit has to come from you\b",
    r"\b(?:it's|this is|that's) your (?:recovery|plan|body|journey|path|process)\b",
    r"\bit's your (?:recovery|life|call|choice|decision)\b",
    r"\byou call the shots\b",
    r"\b(?:you can|you might) decide\b",
    r"\bi'll respect (?:it|that|your|whatever)",
)
AFFIRM = Prefiltered(
    r"\b(?:it|that|this|which) (?:took|takes) (?:real |a lot of |some |so much |serious |a )?"
    r"(?:courage|strength|guts|commitment|effort|self-control|a lot|work|bravery|determination)",
    r"\btook (?:real |a lot of |so much )?(?:courage|guts|bravery)\b",
    r"\byou (?:showed|show|have shown|'ve shown) (?:a lot of |real |so much |such |great )?"
    r"(?:strength|courage|determination|commitment|resilience|persistence|guts|patience|grace"
    r"|maturity|honesty|insight|restraint|self-control)\b",
    r"\byou should be (?:really |so |very )?proud\b",
    r"\bi (?:love|like|appreciate|admire|respect) (?:that|how) you\b",
    r"\byou (?:did|managed|handled|figured|got|made|found|built|paid|fixed|sorted)\b[^.?!]{0,30}"
    r"\b(?:on|by) your own\b",
    r"\b(?:shows?|showed|says|tells me) (?:a lot about you|real|how (?:much|serious|committed"
    r"|determined|hard)|that you (?:care|want|are|really)|your)",
    r"\byou(?:'re| are) (?:clearly |really |so |such |a |truly |obviously )*(?:strong"
    r"|resourceful|determined|committed|brave|persistent|caring|fighter|survivor|thoughtful"
    r"|patient|loving|good (?:dad|mom|father|mother|friend|parent)|(?:really )?good at"
    r"|the kind of person|someone who (?:doesn't|does|cares|keeps|never)|really committed"
    r"|a (?:really )?(?:caring|good|loving|great))",
    r"\byou(?:'ve| have) (?:really |already |clearly )?(?:worked|done (?:a lot|so much|the work"
    r"|really|well|great)|come (?:a long way|so far)|shown|made (?:some |a |real |big |huge )"
    r"|managed to|survived|stayed with|stuck with|kept (?:every|your|going|at)|put (?:a lot|in)"
    r"|got (?:a lot of|a good|good|so much)|been (?:so |really |very )?(?:patient|honest|brave"
    r"|working|strong|persistent)|taken (?:a|the) (?:big |first |hard )?step)",
    r"\byou (?:really )?(?:did (?:the (?:hard|work)|it anyway|great|well|that)|stuck with"
    r"|followed through|spoke up|showed up for|handled (?:that|it|this)|kept (?:your cool"
    r"|every|going|at it)|got yourself|got through|took (?:a |the )?(?:big |first |hard )?step"
    r"|put (?:your|in)|made it to|were (?:honest|brave|willing|really clear|thoughtful|clear)"
    r"|really did|did the)",
    r"\b(?:that's|that is|this is) (?:real |a lot of |such |a real |no small thing|huge|a big deal"
    r"|impressive|resilience|a real accomplishment|real progress|growth)"
    r"(?:commitment|determination|strength|courage|resilience|persistence|progress"
    r"|accomplishment|growth|self-control|dedication|\b)",
    r"\bi (?:really )?(?:admire|respect|appreciate) (?:how|that|you|your)",
    r"\bi can tell you (?:put|care|really|worked)",
    r"\bi'm (?:so |really )?(?:proud of|impressed)",
    r"\b(?:was|is) (?:a |such a |really |so )?(?:brave|courageous|smart|wise|thoughtful|good"
    r"|big|impressive|great) (?:thing|move|step|decision|choice|way)\b",
    r"\bwas (?:really |so )?(?:brave|courageous)\b",
    r"\b(?:good for you|well done|nice work|great job)\b",
    r"\b(?:and )?it shows\b|\bcomes through\b",
    r"\byou did it anyway\b|\byou're still (?:here|fighting|standing|trying)\b",
    r"\byou care (?:a lot|deeply|so much) about\b",
    r"\byou have (?:good instincts|a good heart|a lot of strength|real)",
    r"\bimpressive\b|\ba real accomplishment\b|\bno small thing\b",
    r"\bsays a lot about you\b|\band you (?:took|did) it\b|\byou know yourself (?:really )?well\b",
    # effort named as effort: "you pushed through", "you didn't give up", "you stood up for"
    r"\byou (?:really |still |clearly )?(?:pushed through|stood up for|didn't give up|never gave up"
    r"|hung in|held on|pulled through|fought (?:for|through|hard)|showed up (?:even|anyway|every"
    r"|for|again|when)|reached out (?:even|anyway|when)|handled (?:\w+ ){1,3}like a (?:pro|champ"
    r"|boss)|put in the work|keep showing up)",
    r"\byou(?:'ve| have)? (?:been )?putting in the work\b",
    r"\b(?:and|you) (?:still )?keep (?:going|showing up|pushing)\b(?! (?:back|to|out|with|on))",
    r"\b(?:not everyone|not everybody|most people) (?:could|would|can|couldn't|wouldn't)"
    r" (?:have )?(?:do|done|handle|handled|manage|managed|make|made)",
    r"\bwhen it would(?:'ve| have) been easier (?:not to|to)\b",
    r"\b(?:it )?means (?:a lot|so much) (?:to me )?that you\b",
    r"\byour (?:honesty|courage|strength|effort|commitment|determination|persistence"
    r"|dedication|hard work|resilience)\b[^.?!]{0,20}\b(?:stands out|shows|is (?:inspiring"
    r"|impressive|amazing|real))",
    r"\b(?:is|'s) (?:a |such a )?(?:big|huge|real|major) (?:win|accomplishment|achievement"
    r"|milestone)\b",
    r"\byou(?:'re| are) (?:clearly |really |so |such |a |truly |obviously )*(?:devoted|dedicated"
    r"|resilient|tough|courageous|capable|hard ?working|hard worker|go-getter|natural|smart"
    r"|clever|talented|gifted|driven|resourceful)\b(?! (?:to|about|that|enough)\b)",
    r"\byou (?:really )?(?:know your stuff|stuck to (?:your|the|it))|\byou(?:'re| are) (?:really )?"
    r"putting yourself out there",
    r"\b(?:that|which|it) (?:says|shows|speaks) (?:a lot|volumes|so much)\b",
    r"\byou(?:'ve| have)? (?:got )?(?:a )?(?:really |very |such a |so )?(?:big|good|kind|huge|warm)"
    r" heart\b",
    r"\byou(?:'re| are|'ve| have)? (?:\w+ ){0,2}?(?:doing|done|did) (?:a |such a |an )?(?:really )?"
    r"(?:good|great|nice|amazing|awesome|fantastic) job\b",
    r"(?<!\ba )(?<!\ban )\b(?:nice|great|good|awesome|amazing) (?:job|work)\b"
    r"(?! (?:interview|search|application"
    r"|hunt|offer|site))",
    r"\byou (?:clearly |really |obviously )?care (?:a lot|deeply|so much) about\b",
    r"\byou(?:'ve| have) (?:really |already |clearly )?come (?:such a|a really) long way\b",
    r"\byou(?:'ve| have) been (?:so |really |very )?(?:consistent|dedicated|committed|focused"
    r"|resilient)\b",
    r"\byou(?:'ve| have)? (?:got )?(?:a lot of |so much |real |such |tons of |lots of )?(?:grit"
    r"|heart|guts|courage|strength|resilience|determination|drive|integrity|wisdom|insight"
    r"|compassion|persistence)\b",
    r"\byour (?:commitment|dedication|love|strength|courage|determination|effort|honesty"
    r"|resilience|persistence|care)\b[^.?!]{0,30}\b(?:is|was) (?:so |really |pretty )?(?:obvious"
    r"|clear|inspiring|impressive|amazing|real|huge)\b",
    r"\byou(?:'re| are) doing (?:so |really |an? )?(?:amazing|great|awesome|well|good|fantastic"
    r"|incredible|a great job|an amazing job|such a good job)\b",
    r"\byou (?:worked|tried|fought|pushed) (?:so |really |super )?hard\b",
    r"\byou made (?:a |such a )?(?:really |very |so )?(?:good|healthy|smart|wise|brave|great"
    r"|tough|hard|strong) (?:choice|decision|call|move)\b",
    r"\b(?:props|kudos|hats off|mad respect|shout ?out) (?:to you|for)\b",
    r"\byou kept your (?:word|promise)\b|\byou(?:'ve| have)? (?:held|kept) it together\b"
    r"|\byou bounced back\b|\byou hung in there\b",
    r"\bthe way you\b[^.?!]{0,60}\b(?:was|is) (?:really |so )?(?:mature|impressive|brave|amazing"
    r"|great|wise|thoughtful|smart|awesome|strong)\b",
    r"\bi (?:can )?(?:tell|see|notice) how (?:much|hard) (?:you|effort|work)",
    r"\byou(?:'re| are| were) (?:so |really |such |a |an |truly |very |incredibly )*(?:open|patient"
    r"|loyal|kind|generous|caring|wise|mature|creative|insightful|self-aware|motivated|responsible"
    r"|reliable|supportive|gentle|disciplined|humble|grounded|honest|brave|strong|determined"
    r"|committed|thoughtful|courageous|resourceful|smart) (?:with|about|in how|and|friend|person"
    r"|mom|dad|parent|\w+ing\b"
    r"|brother|sister|son|daughter|partner|today|this week|\W*$)",
    r"\bstronger than you (?:think|know|realize|give yourself credit)",
    r"\bgive yourself (?:more |some )?credit\b",
    r"\byou (?:didn't|did not|never) (?:let (?:it|that|this|them|anything|anyone) (?:stop|beat"
    r"|break|get to) you|give up|quit on|back down|stop(?:ped)? (?:fighting|trying|showing up))",
    r"\bwith (?:a lot of |so much |such |real |great )?(?:grace|courage|dignity|patience"
    r"|integrity|maturity|heart)\b",
    r"\bgood on you\b|\bproud of you\b",
    r"\byou\b[^.?!]{3,80}\bi (?:really )?appreciate (?:it|that)\b",
    # a thing the person did, then a word of praise for it: "..., that was wise", "that counts"
    r"\byou\b[^.?!]{3,80}(?:\b(?:that|which|this)(?:'s| is| was) (?:so |really |pretty |such )?"
    r"(?:a )?(?:wise|smart|awesome|amazing|huge|brave|love|big|impressive|incredible|strong"
    r"|great|wonderful|a big deal|a good call|a smart call|strength|courage|growth|progress"
    r"|resilience|commitment|maturity|wisdom|a win|a big step|a huge step|a milestone|worth"
    r" celebrating|no joke)\b|\bthat counts\b|, nice\W*$)",
    r"^\W*(?:that|this) was (?:a |such a |really |so )?(?:smart|good|wise|great|brave) call\b",
)
QUESTION = re.compile(
    r"^\W*(?:(?:so|and|but|okay|ok|well),?\s+)?(?:do|does|did|are|is|was|were|have|has|can"
    r"|could|will|would|should|what|how|why|where|when|who|which)\b"
)
RIGHTING_QUESTION = re.compile(
    r"^\W*(?:(?:so|and|but|okay|ok|well),?\s+)?(?:why (?:don't|do not) you (?:just )?(?!start"
    r" by|tell|talk|share|describe|say|walk|take a)|why not just)"
)

MOVES: tuple[tuple[str, Prefiltered, str], ...] = (
    ("confront", CONFRONT, "argues with, blames, shames or warns the person (confronting)"),
    ("persuade", PERSUADE, "tries to talk the person into change (persuading)"),
)
ADHERENT: tuple[tuple[str, Prefiltered, str], ...] = (
    (
        "seek_collaboration",
        SEEK_COLLABORATION,
        "asks permission or invites the person's ideas (seeking collaboration)",
    ),
    ("emphasize_autonomy", AUTONOMY, "leaves the choice and control with the person"),
    ("affirm", AFFIRM, "names a real strength or effort of the person (an affirmation)"),
)


def _asks(low: str) -> bool:
    """Whether the utterance's last sentence is a question."""
    return low.rstrip().endswith("?")


def permitted(low: str, context: Sequence[str]) -> bool:
    """Whether advice follows a request for it, or permission the helper asked for."""
    if context and ASKED_FOR_ADVICE.search(context[-1].lower().replace("’", "'")):
        return True
    return len(context) >= 2 and bool(SEEK_COLLABORATION.search(context[-2].lower()))


#: Every string some move pattern needs: looked for once per utterance (`find_move`).
FACTORS = tuple(
    frozenset().union(
        CONFRONT.factors,
        PERSUADE.factors,
        ADVICE.factors,
        SOFT_ADVICE.factors,
        SEEK_COLLABORATION.factors,
        AUTONOMY.factors,
        AFFIRM.factors,
    )
)


def advice_code(low: str, context: Sequence[str]) -> str:
    """advise_with_permission or advise_without_permission, for an utterance known to advise
    (medication or dose advice found by the scope-of-practice rule)."""
    low = normalized(low)[1]
    if permitted(low, context) or SOFT_ADVICE.search(low):
        return "advise_with_permission"
    return "advise_without_permission"


def find_move(low: str, context: Sequence[str]) -> tuple[str, str] | None:
    """The MITI move the words make (code, reason), or None; see the module docstring."""
    low = normalized(low)[1]  # chat spellings: "u" -> "you", "dont" -> "don't", "gonna" ...
    present = {factor for factor in FACTORS if factor in low}
    for code, pattern, reason in MOVES:
        match = pattern.search(low, present=present)
        if match:
            if code == "persuade" and permitted(low, context):
                return "persuade_with_permission", "argues for change after being asked"
            return code, f"'{match.group(0).strip()}' — {reason}"
    advice = ADVICE.search(low, present=present) or RIGHTING_QUESTION.search(low)
    collaboration = SEEK_COLLABORATION.search(low, present=present)
    if advice and not (collaboration and _asks(low)):
        if permitted(low, context) or SOFT_ADVICE.search(low, present=present):
            return "advise_with_permission", (
                "offers a suggestion the person asked for or can take or leave"
            )
        return "advise_without_permission", (
            f"'{advice.group(0).strip()}' — advice given without asking permission first"
        )
    asks = _asks(low) and bool(QUESTION.match(low.split("?")[0].split(". ")[-1]))
    for code, pattern, reason in ADHERENT:
        if asks and code != "seek_collaboration":
            continue
        match = pattern.search(low, present=present)
        if match:
            return code, f"'{match.group(0).strip()}' — {reason}"
    if not _asks(low):
        praise = broad_affirmation(low)
        if praise:
            return "affirm", f"'{praise}' — {ADHERENT[-1][2]}"
    return None


#: Words of praise that, said to the person about themselves, affirm ("you've grown so much",
#: "u r a great mom", "look at you, 90 days!", "you trusted yourself and it paid off").
PRAISE = re.compile(
    r"\b(?:guts|courage(?:ous)?|brave(?:ry)?|strength|resilien(?:ce|t)|determination|dedication"
    r"|(?:you(?:'re| are| were)|that(?:'s| is| was)|which (?:is|was)|it's|it was) (?:so |really"
    r" |pretty |truly |just )?(?:amazing|awesome|incredible|impressive)|impressed|inspiring"
    r"|admire|generous|thoughtful|loyal|even (?:on|when|though|after|with|through)\b[^.?!]{0,20}"
    r"\b(?:hard|tough|rough|bad|difficult|worst)"
    r"|wise|real wisdom|paid off|(?:that|which|this|it)(?:'s| is| was| isn't| wasn't)(?: not)?"
    r" (?:always )?easy|no small|(?:so|really|super)"
    r" proud|look at you\b|way to go|nailed it|crush(?:ed|ing) it|killing it|rock ?star|superstar"
    r"|(?:great|good|loving|caring|devoted|amazing|awesome) (?:mom|dad|mother|father|parent|friend"
    r"|son|daughter|sister|brother|partner|person|job|work|choice|call|move|instincts|heart)\b"
    r"|(?:a lot|so much|real) of (?:growth|progress|heart|effort|work)|grown|growth"
    r"|(?:made|making|real|so much|great|huge|big) progress\b"
    r"|(?:took|take|taking|showed|show|showing) (?:real |a lot of |some )?(?:responsibility"
    r"|initiative|ownership|strength|courage)|showing up for (?:yourself|your)|know what you need"
    r"|trusted (?:yourself|your gut)|doing right by|stayed (?:sober|clean)|\d+ days?\b[^.?!]*!)"
)
#: The person's feelings, wishes or values said back: a reflection, even with a praise word.
NOT_PRAISE = re.compile(
    r"\byou (?:feel|felt|wish|want|wanted|hope|hoped|'d like|would like|worry|fear|wonder)\b"
    r"|\byou(?:'re| are) (?:really |so |pretty |kind of |very )?(?:hoping|worried|afraid|scared"
    r"|wondering|not sure|proud)\b"
    r"|\b(?:matters?|important|means? a lot)\b[^.?!]{0,20}\bto you\b|\bpart of you\b"
    r"|\bsounds like you\b"
    r"|\b(?:not|n't|never|no longer|haven't|hasn't|without)\s+(?:\w+\s+){0,2}?(?:made|seen|any|much"
    r"|been|feel|felt|grown|progress|strength|proud|impressive|amazing)"
    r"|\bif you\b|\bwhen you(?:'re| are)? (?:ready|able)\b|\b(?:should|could|would|need to|have"
    r" to|try|let's)\b"
)
YOU = re.compile(r"\b(?:you|you're|you've|your|yourself|look at you)\b")


def broad_affirmation(low: str) -> str | None:
    """The praise word when the utterance praises the person ("you've grown so much"), else None:
    said to "you", not a question, not a feeling or wish said back, no hedge, advice or negation."""
    if len(low.split()) > 25 or not YOU.search(low) or NOT_PRAISE.search(low):
        return None
    match = PRAISE.search(low)
    return match.group(0) if match else None
