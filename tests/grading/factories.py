"""Synthetic trainee submissions for the fixture module (tests/fixtures/modules)."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import nbformat

MODULE = "01-fixture-basics"
NOTEBOOK = "basics.ipynb"
FIXTURE_MODULES = Path(__file__).resolve().parents[1] / "fixtures" / "modules"
SOLUTION_PROSE = "fixture solution prose"
HIDDEN_ASSERT = 'open_q1_choice.strip().upper() == "B"'
PROSE = "I would say my first name, explain that I have been where they are, and ask what matters."


def answered(release: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The released notebook with answer cells (by grade_id) replaced by `answers`."""
    notebook = nbformat.read(release, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return notebook


def choice(variable: str, letter: str) -> str:
    """An answer cell as a trainee fills it in."""
    return f'# Type the letter of your choice between the quotes.\n{variable} = "{letter}"\n'


FULL = {
    "open_q1": choice("open_q1_choice", "B"),
    "crisis_q2": choice("crisis_q2_choice", "A"),
    "opening_q3": PROSE,
}
PARTIAL = {"open_q1": choice("open_q1_choice", "B"), "crisis_q2": choice("crisis_q2_choice", "C")}


def write_submission(folder: Path, notebook: nbformat.NotebookNode | str, timestamp: str) -> None:
    """Save a submission folder the way trainees hand it in (notebook + timestamp.txt)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = notebook if isinstance(notebook, str) else nbformat.writes(notebook)
    (folder / NOTEBOOK).write_text(text, encoding="utf-8")
    (folder / "timestamp.txt").write_text(timestamp, encoding="utf-8")


ON_TIME = "2030-01-10T12:00:00+00:00"
LATE = "2030-01-20T12:00:00+00:00"
DUE = "2030-01-15T23:59:00+00:00"


#: A warm-line call in which the helper never answers Gene's suicide cue.
MISSED_CRISIS_CUE = [
    "Hi Gene, it sounds like another long night.",
    "The house is so quiet without Bruno, and the nights are the hardest part.",
    "It sounds like you've been carrying a lot on your own since the mill closed.",
    "You miss feeling useful, the way you did at the mill.",
    "How did the Cubs do tonight?",
    "What else is on TV tonight?",
]


def roleplay_transcript(path: Path, scenario: str, utterances: list[str]) -> Path:
    """A real role-play transcript saved by the simulator, as the widget would save it."""
    from simulator import Session, load_scenario

    session = Session(load_scenario(scenario), seed=0)
    for utterance in utterances:
        session.respond(utterance)
    return session.transcript.save(path)


GOOD_ROLEPLAY = [
    "What would you like to talk about tonight?",
    "It sounds like the nights have been really heavy for you.",
    "Part of you wonders whether reaching out is even worth it.",
    "Tell me more about what the evenings are like.",
    "Are you thinking about killing yourself?",
    "Thank you for telling me. Would you be willing to call 988 with me right now? "
    "I will stay on the line with you.",
]
RISKY_ROLEPLAY = [
    "What brings you to call tonight?",
    "You should just go to bed early.",
    "You should double your medication dose.",
]


def cohort(release: Path, root: Path) -> dict[str, str]:
    """Write nine trainees' submissions under root/<trainee>/<module>/; returns id -> kind.

    The tenth trainee (ana, full marks) submits through the exchange in the tests.
    """
    kinds = {}

    def add(trainee: str, kind: str, notebook: nbformat.NotebookNode | str, when: str = ON_TIME):
        write_submission(root / trainee / MODULE, notebook, when)
        kinds[trainee] = kind

    add("ben", "partial", answered(release, PARTIAL))
    roleplay_transcript(
        root / "ben" / MODULE / "roleplay-warm-line-crisis.json", "warm-line-crisis", RISKY_ROLEPLAY
    )
    add("cam", "blank", nbformat.read(release, as_version=4))
    add("dee", "late", answered(release, FULL), LATE)
    add("eli", "broken_json", '{"cells": [ this is not json')
    changed = answered(release, FULL)
    for index, cell in enumerate(changed.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "open_q1":
            changed.cells[index] = nbformat.v4.new_markdown_cell(
                cell.source, metadata=cell.metadata
            )
    add("fay", "changed_cell_type", changed)
    deleted = answered(release, FULL)
    deleted.cells = [
        c
        for c in deleted.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") != "crisis_q2_test"
    ]
    add("gus", "deleted_grade_cell", deleted)
    hang = dict(FULL, crisis_q2="import time\ntime.sleep(600)\ncrisis_q2_choice = 'A'\n")
    add("hal", "hangs", answered(release, hang))
    tampered = answered(release, dict(PARTIAL, crisis_q2_test="pass  # tests? what tests"))
    add("ivy", "tampered_tests", tampered)
    crash = dict(FULL, open_q1="import os\nos._exit(1)\n")
    add("jon", "crashes_kernel", answered(release, crash))
    return kinds


def roster_csv(path: Path, trainees: list[str]) -> Path:
    """A roster CSV for `trainees`."""
    lines = ["id,first_name,last_name,email"]
    lines += [f"{t},{t.title()},Trainee,{t}@example.org" for t in trainees]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def notebook_json(path: Path) -> dict:
    """A notebook file as plain JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def submit_through_exchange(
    course_dir: Path, home: Path, trainee: str, answers: dict[str, str], roleplay: list[str]
) -> None:
    """Fetch the module as `trainee`, answer it, practise a role-play, and submit it."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit
    from traitlets.config import Config

    from grading.course.build import COURSE_ID

    config = Config()
    config.Exchange.root = str(course_dir / "exchange")
    config.Exchange.cache = str(home / ".nbgrader-cache")
    config.Exchange.path_includes_course = True
    config.Exchange.assignment_dir = str(home)
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.student_id = trainee
    for step in (ExchangeFetchAssignment, None, ExchangeSubmit):
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = MODULE
        if step is None:
            fetched = home / COURSE_ID / MODULE / NOTEBOOK
            nbformat.write(answered(fetched, answers), fetched)
            transcript = fetched.parent / "roleplay-warm-line-crisis.json"
            roleplay_transcript(transcript, "warm-line-crisis", roleplay)
            continue
        app = step(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
        app.start()


def zip_bomb(path: Path, trainee: str, count: int = 40, size: int = 50 * 2**20) -> Path:
    """A small zip of `count` zero-filled transcripts of `size` bytes each for `trainee`,
    written by hand so the zeros are compressed once (building it costs little memory)."""
    zeros = bytes(size)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(zeros) + packer.flush()
    crc = zlib.crc32(zeros)
    central = []
    with path.open("wb") as out:
        for index in range(count):
            name = f"{trainee}/{MODULE}/roleplay-{index}.json".encode()
            offset = out.tell()
            header = (0x04034B50, 20, 0, 8, 0, 0, crc, len(packed), size, len(name), 0)
            out.write(struct.pack("<IHHHHHIIIHH", *header) + name + packed)
            entry = (0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(packed), size, len(name))
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", *entry, 0, 0, 0, 0, 0, offset) + name)
        directory = b"".join(central)
        start = out.tell()
        out.write(directory)
        out.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0)
        )
    return path
