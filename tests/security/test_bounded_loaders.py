"""Hostile files given to the real commands: a message naming the file, never a traceback.

Each case runs `python -m simulator ...` or `python -m grading ...` in a subprocess, as a
trainer would, on a file an attacker shaped to crash the parser (deep nesting, rich markup,
alias bombs).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from simulator.safe_load import LoadLimitError, check_depth, load_json

DEEP_JSON = '{"schema_version": 1, "turns": ' + "[" * 100_000 + "]" * 100_000 + "}"
ALIAS_BOMB = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
    for previous, name in zip("abcde", "bcdef", strict=True)
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, timeout=180
    )


def assert_clean_failure(result: subprocess.CompletedProcess, *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "RecursionError" not in output, output
    flat = " ".join(output.split())
    for word in words:
        assert word in flat, output


@pytest.mark.parametrize("command", ["replay", "export"])
def test_simulator_refuses_a_deeply_nested_transcript(tmp_path, command):
    """Does `simulator replay/export` name a 200 KB nested transcript instead of crashing?"""
    path = tmp_path / "deep.json"
    path.write_text(DEEP_JSON)
    extra = ["--html", str(tmp_path / "out.html")] if command == "export" else []
    assert_clean_failure(
        run("simulator", command, str(path), *extra), "deep.json", "nested", "limit is 64"
    )


@pytest.mark.parametrize("command", ["replay", "export"])
def test_rich_markup_in_a_transcript_is_printed_as_text(tmp_path, command):
    """Does schema_version "[/bold]" come out as text (no rich MarkupError)?"""
    path = tmp_path / "markup.json"
    path.write_text(json.dumps({"schema_version": "[/bold]"}))
    extra = ["--html", str(tmp_path / "out.html")] if command == "export" else []
    assert_clean_failure(run("simulator", command, str(path), *extra), "'[/bold]'", "markup.json")


def test_grading_build_refuses_a_50000_deep_org_profile(tmp_path):
    """Does `grading build --org` on a 50,000-deep org.yaml stop with the file and the limit?"""
    org = tmp_path / "org.yaml"
    org.write_text("name: Deep\nextra_language:\n  - " + "[" * 50_000 + "]" * 50_000 + "\n")
    result = run(
        "grading", "build", "--modules", "modules", "--course", str(tmp_path / "c"),
        "--org", str(org),
    )  # fmt: skip
    assert_clean_failure(result, "org.yaml", "nested 50000 levels deep")
    assert not (tmp_path / "c" / "source").exists()  # nothing was built


def test_grading_build_refuses_a_yaml_alias_bomb(tmp_path):
    """Is a profile whose aliases expand to a million values refused before validation?"""
    org = tmp_path / "org.yaml"
    org.write_text("name: Bomb\n" + ALIAS_BOMB)
    result = run(
        "grading", "build", "--modules", "modules", "--course", str(tmp_path / "c"),
        "--org", str(org),
    )  # fmt: skip
    assert_clean_failure(result, "org.yaml", "more than 200,000 values")


def test_a_markup_org_name_reaches_the_error_as_text(tmp_path):
    """Is rich markup inside an org.yaml error message printed as text?"""
    org = tmp_path / "org.yaml"
    org.write_text("name: Fine\nnote_format: '[/bold][red]x'\n")
    result = run(
        "grading", "build", "--modules", "modules", "--course", str(tmp_path / "c"),
        "--org", str(org),
    )  # fmt: skip
    assert_clean_failure(result, "[/bold][red]x")


def test_json_strings_do_not_count_as_nesting(tmp_path):
    """Is a transcript whose words hold many brackets still loaded (strings are skipped)?"""
    path = tmp_path / "words.json"
    path.write_text(json.dumps({"text": "[" * 10_000 + '\\"' + "{" * 100}))
    assert load_json(path, 2**20, "transcript")["text"].startswith("[[[")


def test_stray_closing_brackets_earn_no_depth_credit():
    """Can `]]]]` before `[[[[` hide deep nesting from the YAML depth check? No."""
    with pytest.raises(LoadLimitError):
        check_depth("a: ']]]]]]]]'\nb: " + "[" * 70 + "]" * 70, "x.yaml", yaml=True)


def test_size_is_checked_before_reading(tmp_path):
    """Is a file over the size limit refused without being parsed?"""
    path = tmp_path / "big.json"
    path.write_text("[" + "1," * 1000 + "1]")
    with pytest.raises(LoadLimitError, match=r"big\.json: this transcript is 2,003 bytes"):
        load_json(path, 1000, "transcript")


def test_an_unexpected_failure_is_one_line_not_a_traceback(tmp_path):
    """Does `grading report` on a course whose gradebook is garbage print one line and exit 1?"""
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text("c = get_config()  # noqa: F821\n")
    (course / "gradebook.db").write_bytes(b"this is not a SQLite database" * 100)
    result = run("grading", "report", "--course", str(course), "--out", str(tmp_path / "out"))
    assert_clean_failure(result, "PSTL_DEBUG=1")


def test_report_refuses_a_deeply_nested_curriculum(tmp_path):
    """Is `grading report --curriculum` with a 50,000-deep YAML a message naming the file?"""
    from grading.course.curriculum import load_curriculum
    from grading.errors import CourseBuildError

    path = tmp_path / "curriculum.yaml"
    path.write_text("modules: " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(CourseBuildError, match=r"curriculum\.yaml: nested 50000 levels deep"):
        load_curriculum(path)


def test_a_number_too_long_to_read_in_org_yaml_is_named(tmp_path):
    """Is a 5,000-digit number in org.yaml a message naming the file (not a crash)?"""
    from grading.course.org import OrgProfileError, load_org

    org = tmp_path / "org.yaml"
    org.write_text("name: Big\nunit_minutes: " + "9" * 5000 + "\n")
    with pytest.raises(OrgProfileError, match=r"org\.yaml is not valid:\n  - a value cannot be"):
        load_org(org)


def test_simulator_refuses_a_transcript_with_more_turns_than_a_session_holds(tmp_path):
    """A 5 MB transcript of 5,220 copied turns took 21 s to replay, and every `grading report`
    replays every transcript: a transcript holds at most 1,000 turns (a typed session is far
    shorter), and more is a message naming the file."""
    from tests.grading.factories import GOOD_ROLEPLAY, roleplay_transcript

    path = roleplay_transcript(tmp_path / "long.json", "warm-line-crisis", GOOD_ROLEPLAY)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["turns"] = (data["turns"] * 1001)[:1001]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_clean_failure(run("simulator", "replay", str(path)), "long.json", "turns", "1000")
