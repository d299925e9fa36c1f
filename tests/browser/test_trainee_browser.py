"""A trainee's walk through the lab `make lab` sets up, in JupyterLab in a real browser.

The fixture does what `make lab` does, in a temp folder: build the course, copy the workspace,
release the modules to the course's exchange and write the workspace's Jupyter config
(`grading.course.trainee_lab`); then JupyterLab starts on 127.0.0.1 with that config and Playwright
drives Debian's chromium. One module-scoped walk answers wrongly in the welcome notebook and in
module 01, breaks an answer cell into Python and runs its check, types in the chat and clicks
away, restarts the kernel mid-conversation and resumes, and submits through the Assignments
tab; `grading collect` then finds the submission, as `make grade` would. Each state is
screenshotted into $BROWSER_ARTIFACTS (default: a tmp dir).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from simulator import Transcript
from tests.browser.lab import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    artifacts_folder,
    jupyterlab,
    lab_environment,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
MODULES = ("00-welcome", "01-motivational-interviewing")
TURNS = ["What brings you in today?", "It sounds like part of you wants things to change."]
HALF_TYPED = "It sounds like part of you"
BROKEN_ANSWER = 'reflect_write_q1 = "You hate being a "bother" to people."'
PYTHON_WORDS = ("Traceback", "SyntaxError", "NameError", "AssertionError", 'File "')


@dataclass
class Walk:
    """What the scripted trainee saw."""

    artifacts: Path
    course: Path
    workspace: Path
    shown: dict[str, str] = field(default_factory=dict)
    log_after_blur: list[str] = field(default_factory=list)
    entry_after_blur: str = ""
    dead_kernel_alert: str = ""
    resume_offer: str = ""
    log_after_resume: list[str] = field(default_factory=list)
    assignments: str = ""
    fetched: str = ""
    toolbar: str = ""
    notebook_row: str = ""
    validate_visible: list[str] = field(default_factory=list)
    submitted: list[str] = field(default_factory=list)
    assignments_error: str = ""
    collected: str = ""


def _run(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def trainee_lab(tmp_path_factory):
    """`make lab` in a temp folder: course, released modules, workspace, config, JupyterLab."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get update && apt-get install -y chromium`")
    home = tmp_path_factory.mktemp("trainee-lab")
    modules = home / "modules"
    for module in MODULES:
        shutil.copytree(ROOT / "modules" / module, modules / module)
    shutil.copy2(ROOT / "modules" / "curriculum.yaml", modules / "curriculum.yaml")
    _run("grading", "build", "--modules", "modules", "--course", "course", cwd=home)
    _run("grading", "workspace", "--course", "course", "--out", "workspace", cwd=home)
    _run("grading", "release", "--course", "course", cwd=home)
    config = _run(
        "grading.course.trainee_lab", "--course", "course", "--workspace", "workspace", cwd=home
    )
    env = lab_environment(
        home,
        JUPYTER_CONFIG_DIR=str(home / "user-config"),
        JUPYTER_CONFIG_PATH=config.strip(),
        IPYTHONDIR=config.strip(),
    )
    with jupyterlab(
        home / "workspace",
        env,
        home / "jupyterlab.log",
        home,
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run menu commands
    ) as (base, token):
        yield base, token, home


@pytest.fixture(scope="module")
def walk(trainee_lab, tmp_path_factory) -> Walk:
    """The scripted trainee's walk; a failure leaves a screenshot and the page's HTML."""
    from playwright.sync_api import sync_playwright

    base, token, home = trainee_lab
    artifacts = artifacts_folder(tmp_path_factory, "trainee-artifacts")
    seen = Walk(artifacts=artifacts, course=home / "course", workspace=home / "workspace")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            # On a loaded machine JupyterLab may ask which kernel to start; a trainee picks the
            # one it proposes (the notebook's own)
            picker = page.locator(".jp-Dialog", has_text="Select Kernel")
            page.add_locator_handler(
                picker, lambda dialog: dialog.get_by_role("button", name="Select").click()
            )
            try:
                _welcome(page, f"{base}/lab/tree/00-welcome/welcome.ipynb?token={token}", seen)
                module = "01-motivational-interviewing/1-spirit-and-oars.ipynb"
                _module_01(page, f"{base}/lab/tree/{module}?token={token}", seen)
            except Exception:
                page.screenshot(path=artifacts / "trainee-failure.png", full_page=True)
                (artifacts / "trainee-failure.html").write_text(page.content())
                raise
            try:
                _assignments(page, seen)
            except Exception as error:  # its own test reports it; the other steps stand
                page.screenshot(path=artifacts / "assignments-failure.png", full_page=True)
                seen.assignments_error = str(error).splitlines()[0]
        finally:
            browser.close()
    seen.collected = _run("grading", "collect", "--course", "course", cwd=home)
    return seen


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(".jp-Notebook").wait_for()
    page.get_by_text("| Idle").first.wait_for()


def _cell(page: Page, text: str) -> Locator:
    """The notebook cell whose input holds `text`."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=text)
    )


def _run_cell(page: Page, cell: Locator) -> str:
    """Run one cell with Shift+Enter and return the text of its outputs."""
    cell.click(position={"x": 40, "y": 8})  # select it by its prompt
    page.keyboard.press("Shift+Enter")
    prompt = cell.locator(".jp-InputPrompt")
    page.wait_for_function(
        "(p) => /\\[\\d+\\]/.test(p.textContent)", arg=prompt.element_handle(), timeout=TIMEOUT_MS
    )
    page.get_by_text("| Idle").first.wait_for()
    return cell.locator(".jp-Cell-outputArea").first.inner_text()


def _run_setup(page: Page) -> None:
    """Run the hidden setup cell (its input is hidden, so by command, as Run All does)."""
    # not awaited in the page: page.evaluate has no timeout, the Idle wait below has one
    page.evaluate(
        "() => { const app = window.jupyterapp;"
        " app.shell.currentWidget.content.activeCellIndex = 0;"
        " app.commands.execute('notebook:run-cell'); }"
    )
    page.wait_for_timeout(500)
    page.get_by_text("| Idle").first.wait_for()


def _type_answer(page: Page, cell: Locator, text: str) -> None:
    """Type `text` under the cell's first line, as a trainee does."""
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(text)


def _replace_cell_text(page: Page, cell: Locator, text: str) -> None:
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def _messages(widget: Locator) -> list[str]:
    return [line.inner_text() for line in widget.locator(".pstl-log .pstl-message").all()]


def _save(page: Page) -> None:
    """Save the open notebook as File > Save does, and wait until it is written (a key press
    can land in a widget's text box instead)."""
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").wait_for()
    page.wait_for_function(
        "() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')"
    )


def _welcome(page: Page, url: str, seen: Walk) -> None:
    _open(page, url)
    toolbar = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar")
    labels = toolbar.locator("[title], [aria-label]").evaluate_all(
        "(nodes) => nodes.map(n => `${n.title} ${n.getAttribute('aria-label')}`)"
    )
    seen.toolbar = toolbar.inner_text() + " ".join(labels)
    _run_setup(page)
    answer = _cell(page, "%%answer welcome_q1")
    _type_answer(page, answer, "A")
    seen.shown["welcome answer"] = _run_cell(page, answer)
    seen.shown["welcome check"] = _run_cell(page, _cell(page, '"welcome_q1",'))
    _cell(page, '"welcome_q1",').screenshot(path=seen.artifacts / "welcome-wrong.png")

    roleplay = _cell(page, "RolePlay(")
    _run_cell(page, roleplay)
    widget = roleplay.locator(".pstl-roleplay")
    entry = widget.get_by_label("You say:")
    for text in TURNS:
        entry.click()
        entry.press_sequentially(text)
        entry.press("Enter")
        widget.locator(".pstl-log .pstl-person").nth(TURNS.index(text) + 1).wait_for()
    entry.click()
    entry.press_sequentially(HALF_TYPED)
    widget.locator(".pstl-log").click()  # the box loses focus: nothing may be sent
    page.wait_for_timeout(2000)
    seen.log_after_blur = _messages(widget)
    seen.entry_after_blur = entry.input_value()
    widget.screenshot(path=seen.artifacts / "chat-after-blur.png")

    page.evaluate("() => { window.jupyterapp.commands.execute('kernelmenu:restart'); }")
    page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
    page.get_by_text("| Idle").first.wait_for()
    entry.press("Enter")  # the old chat, kernel gone: it must say so
    alert = widget.locator(".pstl-kernel-alert")
    alert.get_by_text("not answering").wait_for(timeout=20_000)
    seen.dead_kernel_alert = alert.inner_text()
    widget.screenshot(path=seen.artifacts / "chat-kernel-restarted.png")

    _run_setup(page)
    _run_cell(page, roleplay)
    widget = roleplay.locator(".pstl-roleplay")
    offer = widget.get_by_text("You have a saved conversation")
    offer.wait_for()
    seen.resume_offer = offer.inner_text()
    widget.get_by_role("button", name="Resume conversation").click()
    widget.locator(".pstl-log .pstl-person").nth(len(TURNS)).wait_for()
    seen.log_after_resume = _messages(widget)
    widget.screenshot(path=seen.artifacts / "chat-resumed.png")
    _save(page)


def _module_01(page: Page, url: str, seen: Walk) -> None:
    _open(page, url)
    _run_setup(page)
    answer = _cell(page, "%%answer spirit_q1")
    _type_answer(page, answer, "A")
    _run_cell(page, answer)
    check = _cell(page, '"spirit_q1",')
    seen.shown["module 01 check"] = _run_cell(page, check)
    check.screenshot(path=seen.artifacts / "module01-practice-reason.png")

    answer = _cell(page, "%%answer reflect_write_q1")
    _type_answer(page, answer, 'You hate being a "bother" to people, and you\'d like help.')
    _run_cell(page, answer)
    _replace_cell_text(page, answer, BROKEN_ANSWER)
    answer = _cell(page, BROKEN_ANSWER[:30])  # its first line is gone: find it by the new text
    seen.shown["broken answer"] = _run_cell(page, answer)
    check = _cell(page, 'reflect_write_q1 = answer("reflect_write_q1")')
    seen.shown["check after broken answer"] = _run_cell(page, check)
    check.screenshot(path=seen.artifacts / "module01-rerun-message.png")
    _save(page)


def _assignments(page: Page, seen: Walk) -> None:
    """List the modules, submit the welcome module twice, and read what the tab then shows."""
    page.evaluate("() => { window.jupyterapp.commands.execute('nbgrader:open-assignment-list'); }")
    panel = page.locator(".jp-MainAreaWidget", has_text="Released assignments").last
    fetched = panel.locator("#fetched_assignments_list")
    fetched.get_by_text("00-welcome").first.wait_for()
    seen.assignments = panel.inner_text()
    seen.fetched = fetched.inner_text()
    panel.screenshot(path=seen.artifacts / "assignments-tab.png")
    fetched.locator(".assignment-notebooks-link", has_text="00-welcome").click()
    notebook = fetched.locator(".nested_list_item", has_text="welcome").first
    notebook.wait_for()
    seen.notebook_row = notebook.inner_text()
    seen.validate_visible = notebook.locator("button").evaluate_all(
        "(buttons) => buttons.filter(b => b.offsetParent !== null).map(b => b.textContent)"
    )
    panel.screenshot(path=seen.artifacts / "assignments-notebooks.png")
    submitted = panel.locator("#submitted_assignments_list")
    for count in (1, 2):
        row = fetched.locator(".list_item", has_text="00-welcome").first
        row.get_by_role("button", name="Submit").click()
        submitted.locator(".nested_list_item").nth(count - 1).wait_for()
        seen.submitted.append(submitted.inner_text())
        panel.screenshot(path=seen.artifacts / f"assignments-submitted-{count}.png")


def test_wrong_answers_are_never_praised(walk):
    """Do wrong answers in the welcome notebook and module 01 show the reason, never praise?"""
    for name in ("welcome check", "module 01 check"):
        shown = walk.shown[name]
        assert "Well done" not in shown and "Success" not in shown and "Right" not in shown
        assert "Not quite" in shown, (name, shown)
    assert "which keys did it say run a cell" in walk.shown["welcome check"]
    assert "expert on her own life" in walk.shown["module 01 check"]


def test_a_broken_answer_cell_and_its_check_say_what_to_do_plainly(walk):
    """After an answer cell breaks (quotes inside quotes), does its check say to run it again,
    instead of grading the earlier answer, with no Python in sight?"""
    check = walk.shown["check after broken answer"]
    assert "Run the answer cell above again" in check, check
    assert "complex reflection" not in check.lower()
    assert "first line must stay exactly as it was given" in walk.shown["broken answer"]
    for text in walk.shown.values():
        assert not [word for word in PYTHON_WORDS if word in text], text


def test_text_left_in_the_box_is_not_sent_when_it_loses_focus(walk):
    """Is half-typed text kept in the box, and not sent, when the trainee clicks elsewhere?"""
    assert len(walk.log_after_blur) == 1 + 2 * len(TURNS)
    # HALF_TYPED begins the second turn, which was sent in full: only a line ending with it is wrong
    assert not any(line.rstrip().endswith(HALF_TYPED) for line in walk.log_after_blur)
    assert walk.entry_after_blur == HALF_TYPED


def test_after_a_kernel_restart_the_chat_says_so_and_resumes_every_turn(walk):
    """Does the old chat say the kernel is not answering, and does running the cell again offer
    the saved conversation and bring back every turn?"""
    assert "Run this cell again" in walk.dead_kernel_alert
    assert f"{len(TURNS)} turn(s)" in walk.resume_offer
    assert walk.log_after_resume == walk.log_after_blur
    saved = Transcript.load(walk.workspace / "00-welcome" / "roleplay-alcohol-ambivalence.json")
    assert saved.helper_utterances == TURNS


def test_the_assignments_tab_lists_the_released_modules(walk):
    """Does the Assignments tab of the trainee lab list the modules, with no exchange error?"""
    assert "00-welcome" in walk.assignments and "01-motivational-interviewing" in walk.assignments
    assert "Error" not in walk.assignments


def test_every_state_of_the_walk_is_screenshotted(walk):
    """Is there a screenshot of each state the walk checks, for a person to look at?"""
    states = (
        "welcome-wrong",
        "module01-practice-reason",
        "module01-rerun-message",
        "chat-after-blur",
        "chat-kernel-restarted",
        "chat-resumed",
        "assignments-tab",
        "assignments-notebooks",
        "assignments-submitted-1",
        "assignments-submitted-2",
    )
    for name in states:
        assert (walk.artifacts / f"{name}.png").stat().st_size > 5_000, name


def test_the_notebook_toolbar_has_no_validate(walk):
    """Is the notebook toolbar's Validate (which says "Success" while hidden tests may fail)
    gone from the trainee's lab, with the ordinary toolbar still there?"""
    assert "Save" in walk.toolbar and "Run" in walk.toolbar, walk.toolbar
    assert "Validate" not in walk.toolbar, walk.toolbar


def test_the_assignments_tab_shows_no_validate_beside_a_notebook(walk):
    """Is the tab's Validate button beside each notebook hidden (its server side is off, so it
    could only answer with an error), with the notebook still listed?"""
    assert not walk.assignments_error, walk.assignments_error
    assert "welcome" in walk.notebook_row
    assert walk.validate_visible == [], walk.validate_visible


def test_a_submission_from_the_assignments_tab_reaches_grading(walk):
    """Are the workspace's modules listed as fetched (with Submit), does each Submit list its
    time under the submitted modules, and does `grading collect` (the first step of
    `make grade`) find the submission?"""
    assert not walk.assignments_error, walk.assignments_error
    for module in MODULES:
        assert module in walk.fetched, walk.fetched
    assert "Released assignments" in walk.assignments
    first, second = walk.submitted
    assert first.count(" UTC") == 1 and second.count(" UTC") == 2, walk.submitted
    inbound = list((walk.course / "exchange" / "peer-support" / "inbound").glob("*+00-welcome+*"))
    assert len(inbound) == 2
    submitted = list((walk.course / "submitted").glob("*/00-welcome/welcome.ipynb"))
    assert len(submitted) == 1, walk.collected
    cells = json.loads(submitted[0].read_text())["cells"]
    answer = next(c for c in cells if "".join(c["source"]).startswith("%%answer welcome_q1"))
    typed = [line for line in "".join(answer["source"]).splitlines()[1:] if line.strip()]
    assert typed == ["A"]  # what the trainee typed and saved
    transcript = submitted[0].with_name("roleplay-alcohol-ambivalence.json")
    assert Transcript.load(transcript).helper_utterances == TURNS
