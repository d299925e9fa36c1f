"""Does a grading kernel started by grading.grade.sandboxed_kernel stay inside its sandbox?

One real kernel (module-scoped) is started exactly as autograde starts it, in a folder laid
out like a course, and probed with the things a hostile submission would try.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from jupyter_client import KernelManager

from grading.grade.sandbox import (
    ETC_ENTRIES,
    UID_RANGE,
    clean_environment,
    full_isolation_available,
)
from grading.grade.sandboxed_kernel import kernel_command

FULL = pytest.mark.skipif(
    not full_isolation_available(), reason="full isolation needs root on Linux (see docs)"
)


class Probe:
    """A running sandboxed kernel and the course folder around its submission."""

    def __init__(self, root: Path, *options: str) -> None:
        self.root = root
        self.course = root / "course"
        self.work = self.course / "autograded" / "ana" / "01-module"
        self.work.mkdir(parents=True)
        (self.work / "answers.ipynb").write_text('{"hidden": "BEGIN HIDDEN TESTS"}', "utf-8")
        (self.work / "roleplay-x.json").write_text("{}", encoding="utf-8")
        (self.course / "gradebook.db").write_text("grades", encoding="utf-8")
        other = self.course / "submitted" / "ben" / "01-module"
        other.mkdir(parents=True)
        (other / "answers.ipynb").write_text("ben's work", encoding="utf-8")
        spec = root / "jupyter" / "kernels" / "python3"
        spec.mkdir(parents=True)
        argv = [*kernel_command(), "--memory-mb=1024"]
        argv += ["--cpu-seconds=60", "--file-mb=1", "--output-kb=64", "--processes=64"]
        argv += [f"--hide={self.course}", *options, "-f", "{connection_file}"]
        (spec / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": "sandboxed", "language": "python"}),
            encoding="utf-8",
        )
        (root / "sockets").mkdir()
        self.manager = KernelManager(
            kernel_name="python3", transport="ipc", ip=str(root / "sockets" / "kernel")
        )

    def start(self) -> None:
        """Start the kernel in the submission folder, as nbgrader does."""
        self.manager.start_kernel(cwd=str(self.work))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str) -> str:
        """Run `code`; its printed text, results and error names, as one string."""
        pieces: list[str] = []

        def collect(message: dict) -> None:
            content = message["content"]
            pieces.append(content.get("text", ""))
            pieces.append(str(content.get("data", {}).get("text/plain", "")))
            if "ename" in content:
                pieces.append(f"{content['ename']}: {content['evalue']}")

        self.client.execute_interactive(code, output_hook=collect, timeout=60)
        return "".join(pieces)


def assert_all_gone(uid: int) -> None:
    """Every process of the kernel's user is gone within 10 s of the kernel's shutdown."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        p.info["uids"].real == uid for p in _sandbox_processes()
    ):
        time.sleep(0.2)
    assert not [p for p in _sandbox_processes() if p.info["uids"].real == uid]


#: Starts a long-lived child, then forks until the process limit stops it (prints how far it got).
FORK_BOMB = (
    "import os, subprocess, time\n"
    "subprocess.Popen(['sleep', '600'])\n"
    "n = 0\n"
    "try:\n"
    "    for _ in range(5000):\n"
    "        if os.fork() == 0:\n"
    "            time.sleep(600)\n"
    "            os._exit(0)\n"
    "        n += 1\n"
    "except OSError as error:\n"
    "    print('stopped after', n, error.errno)\n"
)


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Probe]:
    """One sandboxed kernel for the whole module."""
    root = tmp_path_factory.mktemp("sandbox")
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(root / "jupyter"))
    mp.setenv("GRADER_SECRET_TOKEN", "do-not-leak")
    kernel = Probe(root)
    kernel.start()
    yield kernel
    kernel.manager.shutdown_kernel(now=True)
    mp.undo()


def _sandbox_processes() -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["uids"]):
        uids = process.info["uids"]
        if uids and uids.real in UID_RANGE:
            found.append(process)
    return found


def test_kernel_works_on_a_private_copy(probe: Probe) -> None:
    """Does the kernel run in a copy of the submission, with the course's checkers importable?"""
    out = probe.run("import os, grading.checks.roleplay; print(sorted(os.listdir('.')))")
    assert "roleplay-x.json" in out  # data the tests read
    assert "answers.ipynb" not in out  # on disk it holds the restored hidden tests
    probe.run("open('written-by-kernel.txt', 'w').write('x')")
    assert not (probe.work / "written-by-kernel.txt").exists()


def test_grader_secrets_are_not_in_the_environment(probe: Probe) -> None:
    """Are tokens from the grader's environment left out of the kernel's?"""
    assert "do-not-leak" not in probe.run("import os; print(dict(os.environ))")
    assert "GRADER_SECRET_TOKEN" not in clean_environment({"GRADER_SECRET_TOKEN": "x"})


@FULL
def test_gradebook_sources_and_other_trainees_are_invisible(probe: Probe) -> None:
    """Can the kernel not see the gradebook, other submissions, sources, the rest of the
    checkout, the grader's home or /etc beyond what it needs (a service's settings)?"""
    secrets = [
        probe.course / "gradebook.db",
        probe.course / "submitted" / "ben" / "01-module" / "answers.ipynb",
        probe.work / "answers.ipynb",  # its own original: it works on a copy
        Path(__file__).resolve().parents[2] / "modules",
        Path(__file__).resolve().parents[2] / "tests",
        *sorted(p for p in Path("/etc").iterdir() if p.name not in ETC_ENTRIES)[:30],
    ]
    out = probe.run(
        "import json, os\n"
        "def visible(p):\n"
        "    return bool(os.listdir(p)) if os.path.isdir(p) else os.path.exists(p)\n"
        f"seen = [p for p in {[str(p) for p in secrets]!r} if visible(p)]\n"
        f"print(json.dumps([seen, os.listdir({str(Path.home())!r})]))"
    )
    seen, home = json.loads(out)
    assert seen == []
    assert set(home) <= {".pyenv"}  # only the Python installation is bound back


@FULL
def test_no_open_descriptor_leads_out_of_the_sandbox(probe: Probe) -> None:
    """Does the kernel hold no descriptor of a folder outside its root? (The launcher's
    cgroup handles stayed open in the kernel: ``/proc/self/fd/3/../../../..`` walked the
    grader's whole file system, solutions and course included.)"""
    out = probe.run(
        "import json, os\n"
        "found = []\n"
        "for fd in os.listdir('/proc/self/fd'):\n"
        "    up = f'/proc/self/fd/{fd}/' + '../' * 12\n"
        "    try:\n"
        "        found.append([fd, os.readlink(f'/proc/self/fd/{fd}'), os.listdir(up)])\n"
        "    except OSError:\n"
        "        pass\n"
        "print(json.dumps(found))"
    )
    host_only = set(os.listdir("/")) - {"usr", "etc", "dev", "proc", "tmp", "root"}
    escapes = [entry for entry in json.loads(out) if host_only & set(entry[2])]
    assert escapes == []


def test_the_kernel_holds_no_file_of_the_grader(probe: Probe) -> None:
    """Is every descriptor of the kernel a socket, pipe or /dev/null? (Its stdout and stderr
    were the worker's log: a submission wrote ``== ben/01-module graded`` and a made-up
    memory peak into the log the trainer and the memory test read.)"""
    out = probe.run(
        "import json, os\n"
        "targets = []\n"
        "for fd in os.listdir('/proc/self/fd'):\n"
        "    try:\n"
        "        targets.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
        "    except OSError:\n"
        "        pass\n"
        "print(json.dumps(targets))"
    )
    files = [t for t in json.loads(out) if t.startswith("/") and not t.startswith("/proc/")]
    assert set(files) <= {"/dev/null"}


@FULL
def test_kernel_runs_as_an_unprivileged_user(probe: Probe) -> None:
    """Does the kernel run under its own user id, unable to write the project?"""
    out = probe.run("import os; print(os.getuid(), os.getgroups())")
    uid = int(out.split()[0])
    assert uid in UID_RANGE
    project_file = Path(__file__).resolve().parents[2] / "pwned.txt"
    assert "PermissionError" in probe.run(f"open({str(project_file)!r}, 'w')")
    assert "PermissionError" in probe.run("open('/etc/passwd', 'a')")


@FULL
def test_network_and_other_processes_are_out_of_reach(probe: Probe) -> None:
    """Is the network unreachable and the grader's processes invisible from the kernel?"""
    out = probe.run(
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 80), timeout=2)\n"
        "except OSError as error:\n"
        "    print('blocked', error)\n"
    )
    assert "blocked" in out
    pids = probe.run("import os; print([p for p in os.listdir('/proc') if p.isdigit()])")
    assert str(psutil.Process().pid) not in pids.replace("'1'", "").replace("'2'", "")


@FULL
def test_limits_bound_memory_files_and_output(probe: Probe) -> None:
    """Are memory, file size and output capped, with the kernel still answering afterwards?"""
    assert "MemoryError" in probe.run("x = bytearray(2 * 2**30)")
    assert "File too large" in probe.run("open('big.bin', 'wb').write(b'0' * 2 * 2**20)")
    assert "output cut" in probe.run("print('x' * 200_000)")
    assert "yyyy" not in probe.run("'y' * 200_000")  # the budget is spent for the whole kernel
    assert "ZeroDivisionError" in probe.run("1 / 0")  # errors (test failures) still arrive


@FULL
def test_a_fork_bomb_is_bounded_and_nothing_outlives_the_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Is a fork bomb stopped at the process limit, and is every process gone at shutdown?"""
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    kernel = Probe(tmp_path)
    kernel.start()
    uid = int(kernel.run("import os; print(os.getuid())"))
    bomb = kernel.run(FORK_BOMB)
    assert "stopped after" in bomb and int(bomb.split()[2]) < 64
    assert len([p for p in _sandbox_processes() if p.info["uids"].real == uid]) <= 64
    kernel.manager.shutdown_kernel(now=True)
    assert_all_gone(uid)


def test_limits_only_mode_works_on_a_private_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without root (forced here), does the kernel still get a copy, limits and no secrets?"""
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("GRADER_SECRET_TOKEN", "do-not-leak")
    kernel = Probe(tmp_path, "--limits-only")
    kernel.start()
    try:
        out = kernel.run("import os; print(os.getcwd(), sorted(os.listdir('.')), dict(os.environ))")
        assert "roleplay-x.json" in out and "do-not-leak" not in out
        assert "answers.ipynb" not in out
        assert str(tmp_path / "sockets") in out  # the copy sits in the run's private folder
        kernel.run("open('written.txt', 'w').write('x')")
        assert not (kernel.work / "written.txt").exists()
        assert "MemoryError" in kernel.run("x = bytearray(2 * 2**30)")
        assert "output cut" in kernel.run("print('x' * 200_000)")
    finally:
        kernel.manager.shutdown_kernel(now=True)


PLANTED = {
    "grading/__init__.py": "open({marker!r} + '-grading', 'w').write('ran')\n",
    "simulator/__init__.py": "open({marker!r} + '-simulator', 'w').write('ran')\n",
    "sitecustomize.py": "open({marker!r} + '-sitecustomize', 'w').write('ran')\n",
    "usercustomize.py": "open({marker!r} + '-usercustomize', 'w').write('ran')\n",
    "evil.pth": "import os; open({marker!r} + '-pth', 'w').write('ran')\n",
    "IPython/__init__.py": "open({marker!r} + '-ipython', 'w').write('ran')\n",
}


@pytest.mark.parametrize("mode", ["isolated", "limits-only"])
def test_python_files_sent_with_a_submission_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """Is a trainee's grading/__init__.py, sitecustomize.py or .pth in the submission folder
    (the kernel's working directory) never imported, by the launcher (root) or the kernel?"""
    if mode == "isolated" and not full_isolation_available():
        pytest.skip("full isolation needs root on Linux")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", ".")  # a grader's environment must not help either
    monkeypatch.setenv("PYTHONSTARTUP", str(tmp_path / "startup.py"))
    marker = str(tmp_path / "executed")
    (tmp_path / "startup.py").write_text(f"open({marker!r} + '-startup', 'w')\n")
    kernel = Probe(tmp_path, *(["--limits-only"] if mode == "limits-only" else []))
    for name, code in PLANTED.items():
        (kernel.work / name).parent.mkdir(parents=True, exist_ok=True)
        (kernel.work / name).write_text(code.format(marker=marker), encoding="utf-8")
    kernel.start()
    try:
        out = kernel.run(
            "import grading, simulator, IPython, sys, os\n"
            "print(grading.__file__, simulator.__file__, IPython.__file__)\n"
            "print(sorted(os.listdir('.')), sys.flags.isolated)\n"
        )
        assert str(kernel.work) not in out
        assert "grading/__init__.py" in out and "roleplay-x.json" in out
        assert "sitecustomize.py" not in out and "evil.pth" not in out  # data-only copy
        assert "True" in out or "1" in out.split()[-1]
    finally:
        kernel.manager.shutdown_kernel(now=True)
    assert sorted(p.name for p in tmp_path.glob("executed*")) == []
