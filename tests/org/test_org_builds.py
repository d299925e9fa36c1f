"""One org.yaml adapts the whole course: builds for two example organizations, compared.

The course is built once per example profile (county agency, recovery community center) from a
snapshot of modules/. The releases must differ exactly where the profiles differ, never keep a
placeholder, carry the profile and extra scenarios next to every notebook, and the modules'
solutions must still earn every autograded point. A bad profile must fail before anything is
written.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import nbformat
import pytest
from jinja2 import Environment, StrictUndefined
from typer.testing import CliRunner

from grading.cli import app
from grading.course.build import build
from grading.course.lock import LOCK_FILE
from grading.course.org import ORG_FILE, ORG_SCENARIOS_DIR, OrgProfile, load_org
from simulator import list_scenarios

pytestmark = pytest.mark.slow  # two full nbgrader builds (and autograde runs) take over a minute

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "org"
PROFILES = {
    "county": EXAMPLES / "county-behavioral-health" / "org.yaml",
    "rco": EXAMPLES / "recovery-community-center" / "org.yaml",
}
TRAINEE = "solution"
TOKEN = re.compile(r"\w+|[^\w\s]")
BLOCK = re.compile(r"\{%-?\s*(if|for)\b.*?\{%-?\s*end\1\s*-?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
SEPARATOR = "\x00"


@dataclass
class Built:
    """One example organization's course."""

    org: OrgProfile
    course: Path


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot of modules/, so both builds see the same notebooks."""
    snapshot = tmp_path_factory.mktemp("modules") / "modules"
    shutil.copytree(ROOT / "modules", snapshot, ignore=shutil.ignore_patterns(".ipynb_*"))
    return snapshot


@pytest.fixture(scope="module")
def built(modules: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Each example profile's course, built once (with one trainee on the roster)."""
    root = tmp_path_factory.mktemp("org-courses")
    roster = root / "roster.csv"
    roster.write_text(f"id\n{TRAINEE}\n", encoding="utf-8")
    courses = {}
    for key, path in PROFILES.items():
        org = load_org(path, modules)
        build(modules, root / key, org, roster)
        courses[key] = Built(org, root / key)
    return courses


def release_notebooks(course: Path) -> list[Path]:
    return sorted((course / "release").glob("*/*.ipynb"))


def tokens(text: str) -> list[str]:
    """Words and signs of a cell as a reader sees them (markdown shows `&amp;` as `&`)."""
    return TOKEN.findall(html.unescape(text))


def dynamic_parts(source: str, org: OrgProfile) -> list[list[str]]:
    """The tokens of what each placeholder or if-block of a source cell renders to for `org`."""
    template = SEPARATOR.join(match.group(0) for match in BLOCK.finditer(source))
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True)
    return [tokens(part) for part in env.from_string(template).render(org=org).split(SEPARATOR)]


def contained(run: list[str], parts: list[list[str]]) -> bool:
    """Whether `run` is a contiguous stretch of one of `parts`."""
    size = len(run)
    return any(part[i : i + size] == run for part in parts for i in range(len(part) - size + 1))


def test_releases_have_the_same_notebooks_cells_and_grade_ids(built):
    """Do both organizations get the same notebooks, cells, cell types and grade ids?"""
    county, rco = built["county"].course, built["rco"].course
    names = [p.relative_to(county / "release") for p in release_notebooks(county)]
    assert names == [p.relative_to(rco / "release") for p in release_notebooks(rco)]
    assert len(names) >= 3
    for name in names:
        a = nbformat.read(county / "release" / name, as_version=4)
        b = nbformat.read(rco / "release" / name, as_version=4)
        assert [c.cell_type for c in a.cells] == [c.cell_type for c in b.cells], name
        ids_a = [c.metadata.get("nbgrader", {}).get("grade_id") for c in a.cells]
        assert ids_a == [c.metadata.get("nbgrader", {}).get("grade_id") for c in b.cells], name


def test_releases_differ_exactly_where_the_profiles_differ(built, modules):
    """Is every difference between the two releases a rendered profile value, and only that?"""
    county, rco = built["county"], built["rco"]
    differing_cells = 0
    for path in release_notebooks(county.course):
        name = path.relative_to(county.course / "release")
        source = nbformat.read(modules / name, as_version=4).cells
        a = nbformat.read(path, as_version=4).cells
        b = nbformat.read(rco.course / "release" / name, as_version=4).cells
        assert len(source) == len(a) == len(b), name
        for number, (src, cell_a, cell_b) in enumerate(zip(source, a, b, strict=True), 1):
            where = f"{name}, cell {number}"
            if not BLOCK.search(src.source):
                assert cell_a.source == cell_b.source, f"{where} has no placeholder but differs"
                continue
            if cell_a.source == cell_b.source:
                continue
            differing_cells += 1
            parts_a, parts_b = (
                dynamic_parts(src.source, county.org),
                dynamic_parts(src.source, rco.org),
            )
            words_a, words_b = tokens(cell_a.source), tokens(cell_b.source)
            matcher = SequenceMatcher(a=words_a, b=words_b, autojunk=False)
            for kind, i1, i2, j1, j2 in matcher.get_opcodes():
                if kind == "equal":
                    continue
                assert contained(words_a[i1:i2], parts_a), (where, words_a[i1:i2])
                assert contained(words_b[j1:j2], parts_b), (where, words_b[j1:j2])
    assert differing_cells >= 10


def all_release_text(course: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in release_notebooks(course))


def test_each_release_speaks_its_own_organization(built):
    """Does each course carry its own name, words, lines and note format, not the other's?"""
    county, rco = all_release_text(built["county"].course), all_release_text(built["rco"].course)
    assert "Harbor County Behavioral Health Services" in county and "Riverbend" not in county
    assert "Riverbend Recovery Community Center" in rco and "Harbor County" not in rco
    assert "consumer" in county and "participant" in rco
    assert "Harbor County Crisis Line" in county
    assert "Riverbend Recovery Warm Line" in rco
    assert "GIRP" in county and "DAP" in rco
    assert "clinical supervisor" in county and "peer supervisor" in rco


@pytest.mark.parametrize("key", PROFILES)
def test_no_placeholder_is_left_unfilled(built, key):
    """Does rendering leave no {{ }}, {% %} or {# #} in any source or release notebook?"""
    course = built[key].course
    notebooks = sorted(course.glob("source/*/*.ipynb")) + release_notebooks(course)
    assert notebooks
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            for marker in ("{{", "}}", "{%", "%}", "{#", "#}"):
                assert marker not in cell.source, f"{path}: '{marker}' left in a cell"


@pytest.mark.parametrize("key", PROFILES)
def test_every_module_carries_the_profile_for_its_hidden_tests(built, key):
    """Is org.json (what active_profile reads at grading time) next to every module notebook?"""
    org, course = built[key].org, built[key].course
    for folder in sorted((course / "release").iterdir()):
        copied = OrgProfile.model_validate_json((folder / ORG_FILE).read_text(encoding="utf-8"))
        assert copied.model_dump(exclude={"extra_scenarios"}) == org.model_dump(
            exclude={"extra_scenarios"}
        )


def test_extra_scenarios_appear_in_the_course(built):
    """Can the role-play picker in each released module load the center's own scenario?"""
    rco, county = built["rco"].course, built["county"].course
    for folder in sorted((rco / "release").iterdir()):
        ids = [s.id for s in list_scenarios(extra_dirs=[folder / ORG_SCENARIOS_DIR])]
        assert "recovery-cafe-newcomer" in ids, folder
    assert (rco / ORG_SCENARIOS_DIR / "recovery-cafe-newcomer.yaml").is_file()
    assert not any((county / "release").glob(f"*/{ORG_SCENARIOS_DIR}"))


def snapshot(course: Path) -> dict[str, str]:
    """Every file and folder under `course` with a hash of its bytes and its mtime."""
    found = {}
    for path in sorted(course.rglob("*")):
        key = str(path.relative_to(course))
        if path.name == LOCK_FILE:  # every command touches the lock, even a refused one
            continue
        if path.is_dir():
            found[key] = "dir"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[key] = f"{digest} {path.stat().st_mtime_ns}"
    return found


BAD_PROFILES = {
    "unknown key": ("name: X\ncrisis_lines: 555-0100\n", "line 2: crisis_lines", "did you mean"),
    "wrong type": ("daily_unit_cap: many\n", "line 1: daily_unit_cap", "valid integer"),
    "note format": ("note_format: BRIP\n", "line 1: note_format", "did you mean 'BIRP'?"),
    "module typo": (
        "required_modules:\n  - 00-welcome\n  - 02-role-clarty\n",
        "line 3: required_modules[1]",
        "did you mean '02-role-clarity'?",
    ),
    "bad scenario": ("extra_scenarios: [scenarios]\n", "line 1: extra_scenarios[0]", "rubric"),
}


def test_a_bad_profile_fails_before_anything_is_written(built, modules, tmp_path):
    """Does each bad profile stop the build with file, line, field and hint, leaving the course?"""
    course = built["county"].course
    before = snapshot(course)
    (tmp_path / "scenarios").mkdir()
    broken = EXAMPLES / "recovery-community-center" / "scenarios" / "recovery-cafe-newcomer.yaml"
    text = broken.read_text(encoding="utf-8").split("\nrubric:")[0] + "\n"
    (tmp_path / "scenarios" / "cafe.yaml").write_text(text, encoding="utf-8")
    runner = CliRunner()
    for label, (yaml, field, hint) in BAD_PROFILES.items():
        profile = tmp_path / f"{label.replace(' ', '-')}.yaml"
        profile.write_text(yaml, encoding="utf-8")
        args = ["build", "--modules", str(modules), "--course", str(course), "--org", str(profile)]
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (label, result.output)
        output = " ".join(result.output.split())
        assert str(profile) in output and field in output and hint in output, (label, output)
        assert "Traceback" not in result.output
        assert snapshot(course) == before, f"{label}: the previous build was changed"
        assert not (course.parent / f".{course.name}.building").exists()


@pytest.fixture(scope="module")
def graded(built: dict[str, Built]) -> dict[str, Path]:
    """Each course with its modules' rendered solutions submitted and autograded."""
    from grading.grade.autograde import run

    for entry in built.values():
        for source in sorted((entry.course / "source").iterdir()):
            folder = entry.course / "submitted" / TRAINEE / source.name
            folder.mkdir(parents=True)
            for notebook in source.glob("*.ipynb"):
                shutil.copy2(notebook, folder / notebook.name)
            (folder / "timestamp.txt").write_text("2026-01-10T12:00:00+00:00", encoding="utf-8")
        summary = run(entry.course, workers=2, show_progress=False)
        assert {r.status for r in summary.results} == {"graded"}, summary.results
    return {key: entry.course for key, entry in built.items()}


@pytest.mark.parametrize("key", PROFILES)
def test_solutions_still_earn_every_autograded_point(graded, key):
    """With each organization's profile, does every solution score full marks on its tests?"""
    from nbgrader.api import Gradebook

    from grading.course.coursedir import gradebook_url, module_ids

    course = graded[key]
    missed = {}
    with Gradebook(gradebook_url(course)) as gradebook:
        for module in module_ids(course):
            submission = gradebook.find_submission(module, TRAINEE)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.auto_score is not None and grade.auto_score != grade.max_score:
                        missed[f"{module}/{notebook.name}/{grade.name}"] = grade.auto_score
    assert not missed, missed
