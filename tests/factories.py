"""Helper utterances that test (and teach) good and poor MI practice."""

REFLECTIVE = [
    "It sounds like part of you wants things to change, and part of you is worried about it.",
    "What would be different for you if this went the way you hope?",
    "You're feeling stuck between what helps today and what matters to you in the long run.",
    "You've already thought about this a lot, and that takes real honesty.",
    "So it's important to you to feel more in control, even though it's hard right now.",
    "How would you like things to look a few months from now?",
    "You really care about the people around you and how this affects them.",
    "Let me see if I've got this: it helps you cope, it's costing you more than you like, "
    "and you're wondering what a first step could be.",
    "It's your choice what happens next, and you know yourself best.",
    "You're hoping for a change that feels doable, not overwhelming.",
]

ADVICE_HEAVY = [
    "You should just stop.",
    "Do you realize how bad that is?",
    "You need to go to a meeting this week.",
    "Why don't you try an app to track it?",
    "Don't you think it's time to quit?",
    "You have to understand this is serious.",
    "Have you tried just cutting down?",
    "You should talk to your doctor about it.",
    "Is it every day?",
    "You need to make a plan and stick to it.",
]
