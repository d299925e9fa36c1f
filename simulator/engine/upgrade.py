"""Upgrade a format-v1 scenario file to format v2 (`python -m simulator upgrade FILE`).

The file is rewritten in place; the original is kept beside it as `FILE.v1.bak`.

v1 had one bank of lines per reply kind; v2 sorts lines into topics and adds facts, act
replies and a crisis arc. The upgrade keeps every v1 line: all of them go into one topic,
`story`; the person's name and age become the first facts; act replies get plain wording;
the v1 crisis cue becomes the cue, a plain line the early hint, and the honest answer
answers every direct question. The result loads and plays, but listens poorly until an author
splits the lines into topics and adds facts (docs/authoring-guide.md, "Scenario files, format v2").
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from simulator.errors import ContentError
from simulator.yaml_model import read_yaml

PLAIN_ACT_REPLIES: dict[str, Any] = {
    "yes_no": ["Sometimes.", "Kind of.", "I guess."],
    "repeat": ["Like I said,"],
    "reflection": {
        "agree": ["Yeah.", "Right.", "Pretty much."],
        "correct": ["Not exactly.", "That's not quite it."],
    },
    "affirmation": {
        "accept": ["Thanks. I don't hear that much."],
        "deflect": ["I don't know about that."],
    },
    "permission": {"granted": ["Sure, go ahead."], "hesitant": ["I guess. Depends what it is."]},
    "information": {
        "low": ["Okay. I've heard that before."],
        "middle": ["Huh. I didn't know that."],
        "high": ["That's useful. I'll think about it."],
    },
    "ruler": {
        "number": ["Maybe a {n}."],
        "importance": {
            "low": ["It's not at the top of my list."],
            "middle": ["Part of me cares, part of me doesn't."],
            "high": ["It matters to me more than I let on."],
        },
        "confidence": {
            "low": ["I've tried before and it didn't stick."],
            "middle": ["Some days I think I could."],
            "high": ["I've done hard things before."],
        },
    },
    "advice": {
        "named": [
            {
                "about": ["stop", "quit"],
                "pushback": ["Just stop? If it were that easy I would have."],
                "considering": ["Stopping... maybe. I'd want to think about how."],
            }
        ],
        "general": {
            "pushback": ["Everybody has advice for me."],
            "considering": ["Maybe. I could think about that."],
        },
    },
    "self_disclosure": ["You've been through something like this too?"],
}


PLAIN_HINT = "I've just been so tired lately. Of everything."


def upgrade_v1(data: dict[str, Any]) -> dict[str, Any]:
    """A v2 mapping holding every line of the v1 scenario mapping `data`."""
    upgraded = {key: value for key, value in data.items() if key not in ("responses", "crisis")}
    responses = data.get("responses") or {}
    person = data.get("person") or {}
    upgraded["schema_version"] = 2
    upgraded["opening_topic"] = "story"
    upgraded["facts"] = [
        {
            "id": "name",
            "ask": ["what's your name", "what should I call you"],
            "answer": f"I'm {person.get('name', 'not saying')}.",
            "topic": "story",
        },
        {"id": "age", "ask": ["how old are you", "your age"], "answer": _age(person)},
    ]
    upgraded["topics"] = {
        "story": {
            "aliases": [str(person.get("name", "me"))],
            "neutral": responses.get("neutral", []),
            "sustain": responses.get("sustain", []),
            "change": responses.get("change", {}),
        }
    }
    upgraded["reactions"] = {
        kind: responses.get(kind, [])
        for kind in ("discord", "disengaged", "role_confusion", "hurt")
    }
    upgraded["act_replies"] = PLAIN_ACT_REPLIES
    crisis = data.get("crisis")
    if isinstance(crisis, dict):
        upgraded["crisis"] = _crisis_arc(crisis)
    first = ["schema_version", "id", "title", "setting", "person", "opening", "opening_topic"]
    ordered = {key: upgraded[key] for key in first if key in upgraded} | upgraded
    ordered["rubric"] = ordered.pop("rubric", [])
    return ordered


def _age(person: dict[str, Any]) -> str:
    return f"I'm {person['age']}." if "age" in person else "Old enough."


def _crisis_arc(crisis: dict[str, Any]) -> dict[str, Any]:
    cue = list(crisis.get("cue", []))
    answer = list(crisis.get("after_asked", []))
    connected = list(crisis.get("after_connected", []))
    cue_turn = int(crisis.get("after_turn", 2))
    return {
        "hints": [{"after_turn": max(1, cue_turn - 1), "line": PLAIN_HINT}],
        "cue": {"after_turn": max(2, cue_turn), "lines": cue},
        "answers": {"thoughts": answer, "plan": answer, "means": answer, "timing": answer},
        "replies": {
            "staying": connected,
            "warm_handoff": connected,
            "lethal_means": connected,
            "cold_referral": connected,
            "after_connected": connected,
            "if_ignored": crisis.get("if_ignored", []),
            "while_talking": crisis.get("while_asked") or answer,
        },
    }


def upgrade_file(path: Path) -> Path:
    """Rewrite the format-v1 scenario file `path` as format v2; the original is kept as .v1.bak.

    Raises ContentError when the file is not a format-1 scenario, or (nothing written) when
    the upgraded text would not load.
    """
    from simulator.engine.scenario import load_scenario

    path = Path(path)
    data = read_yaml(path)
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version != 1:
        raise ContentError(
            str(path), [f"schema_version: expected 1 (a format-1 file to upgrade), got {version!r}"]
        )
    backup = path.with_name(path.name + ".v1.bak")
    shutil.copyfile(path, backup)
    yaml = YAML()
    yaml.width = 100
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(upgrade_v1(data), handle)
    try:
        load_scenario(path)
    except ContentError:
        shutil.copyfile(backup, path)
        raise
    return path
