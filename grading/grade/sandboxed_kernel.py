"""Start a grading kernel for one untrusted submission, isolated by :mod:`grading.grade.sandbox`.

The ``python3`` kernelspec of autograde workers runs (:func:`kernel_command`)::

    python -I -c "import sys; sys.path.insert(0, PROJECT); from grading.grade.sandboxed_kernel ..."\
        --memory-mb 2048 --cpu-seconds 600 --file-mb 64 --output-kb 4096 --processes 64 \
        --tmp-mb 512 -f {connection_file}

nbgrader starts it with the trainee's submission folder as working directory. ``-I`` keeps
that folder (and the user site, and every ``PYTHON*`` variable) off ``sys.path``: the project
is put there explicitly, so a ``grading/__init__.py`` or ``sitecustomize.py`` sent with a
submission is never imported, by the launcher or by the kernel (IPython leaves the working
directory off ``sys.path`` under ``-I`` too).

As root on Linux the kernel runs in its own mount, PID and network namespaces, in a private
root file system holding only the system folders, the Python installation and the
``grading``/``simulator`` code (read-only) and a tmpfs with a data-only copy of the submission;
as a dedicated unprivileged user; in a cgroup bounding the memory (tmpfs included) and tasks
of its whole process tree; under resource limits. Otherwise (not root, not Linux, or
``--limits-only``) it runs on a private copy under resource limits only. Output is budgeted
for the whole kernel (:func:`grading.grade.kernel_launcher.cap_output`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
from pathlib import Path

from grading.grade import resource_group
from grading.grade.kernel_launcher import apply_limits, cap_output
from grading.grade.sandbox import (
    LIMITS_ONLY_GAPS,
    SANDBOX_HOME,
    SANDBOX_WORK,
    Isolation,
    build_private_root,
    clean_environment,
    copy_submission,
    drop_privileges,
    enter_namespaces,
    full_isolation_available,
    own,
    run_in_pid_namespace,
    sandbox_uid,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The project's packages a kernel may import (bound read-only; the rest of the checkout is not).
PACKAGES = ("grading", "simulator")


def project_command(module: str) -> list[str]:
    """The interpreter command that runs `module`'s ``main()`` without trusting the working
    folder: ``-I``, with only the project put on ``sys.path``."""
    start = (
        f"import sys; sys.path.insert(0, {str(PROJECT_ROOT)!r}); from {module} import main; main()"
    )
    return [sys.executable, "-I", "-c", start]


def kernel_command() -> list[str]:
    """The interpreter command that starts this launcher (a cold start: a fresh interpreter)."""
    return project_command("grading.grade.sandboxed_kernel")


def parse(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """The limits and isolation options; the rest is passed to the kernel."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--cpu-seconds", type=int, default=600)
    parser.add_argument("--file-mb", type=int, default=64)
    parser.add_argument("--output-kb", type=int, default=4096, help="Output budget, all cells.")
    parser.add_argument("--processes", type=int, default=64, help="Tasks (threads too).")
    parser.add_argument("--tmp-mb", type=int, default=512, help="Size of the private /tmp.")
    parser.add_argument(
        "--hide", type=Path, action="append", default=[], help="Also hide a folder (limits-only)."
    )
    parser.add_argument("--allow-network", action="store_true")
    parser.add_argument(
        "--limits-only", action="store_true", help="Skip namespaces and the user change."
    )
    return parser.parse_known_args(argv)


def connection_file(kernel_args: list[str]) -> tuple[int, Path]:
    """Position and path of the ``-f FILE`` kernel argument."""
    for index, arg in enumerate(kernel_args):
        if arg in ("-f", "--f") and index + 1 < len(kernel_args):
            return index + 1, Path(kernel_args[index + 1])
    raise SystemExit("sandboxed_kernel: missing -f CONNECTION_FILE")


def _start_kernel(options: argparse.Namespace, kernel_args: list[str], uid: int | None) -> None:
    from ipykernel.kernelapp import IPKernelApp

    # Nothing the launcher opened may reach the kernel: an open handle of a host folder (the
    # cgroup parents) let ``/proc/self/fd/N/../..`` walk the grader's whole file system.
    os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    # Nor the worker's log: as the kernel's stdout/stderr it let a submission write lines
    # ("== ben/... graded", a made-up memory peak) into the log. Output reaches nbgrader
    # through the kernel's sockets; what the kernel itself prints is dropped.
    null = os.open(os.devnull, os.O_RDWR)
    for standard in (0, 1, 2):
        os.dup2(null, standard)
    os.close(null)
    if options.output_kb > 0:
        cap_output(options.output_kb * 1024)
    app = IPKernelApp.instance()
    app.initialize([*kernel_args, "--HistoryManager.enabled=False"])
    if uid is not None:
        own(uid, SANDBOX_HOME, SANDBOX_WORK)
    apply_limits(options.memory_mb, options.cpu_seconds, options.file_mb)
    if uid is not None:
        drop_privileges(uid, options.processes)
    app.start()


def start_isolated(options: argparse.Namespace, kernel_args: list[str]) -> None:
    """Root on Linux: namespaces, private root, own user id, cgroup, limits."""
    index, path = connection_file(kernel_args)
    info = json.loads(path.read_text(encoding="utf-8"))
    ipc = info.get("transport") == "ipc"
    keep = [Path(sys.base_prefix), Path(sys.prefix), *(PROJECT_ROOT / p for p in PACKAGES)]
    keep += [Path(entry) for entry in sys.path if _importable_outside_project(entry)]
    isolation = Isolation(
        keep=keep,
        writable=[Path(info["ip"]).parent] if ipc else [],  # where the kernel's sockets are
        hide=options.hide,
        network=options.allow_network or not ipc,  # TCP kernels need the host's loopback
        tmp_mb=options.tmp_mb,
    )
    uid = sandbox_uid()
    environment = clean_environment()
    group = resource_group.create(options.memory_mb, options.processes)
    if group is not None:
        group.join()
        isolation.done.append(
            f"cgroup: {options.memory_mb} MB for the whole process tree (tmpfs included), "
            f"{options.processes} tasks"
        )
    else:
        isolation.done.append("no cgroup: memory limited per process only")
    enter_namespaces(isolation)
    build_private_root(isolation, Path.cwd())
    private = Path("/tmp/.kernel")
    private.mkdir(mode=0o700)
    (private / "connection.json").write_text(json.dumps(info), encoding="utf-8")
    kernel_args = [
        *kernel_args[:index],
        str(private / "connection.json"),
        *kernel_args[index + 1 :],
    ]
    SANDBOX_HOME.mkdir(parents=True, exist_ok=True)
    os.chdir(SANDBOX_WORK)
    os.environ.clear()
    os.environ.update(environment)
    sys.stderr.write(f"sandbox: uid {uid}; " + "; ".join(isolation.done) + "\n")

    def finished() -> None:
        if group is not None:
            group.leave()
            peak = group.peak_mb()
            if peak is not None:
                sys.stderr.write(f"sandbox: uid {uid} ended; memory peak {peak:.0f} MB\n")
            group.remove()

    run_in_pid_namespace(lambda: _start_kernel(options, kernel_args, uid), finished)


def _importable_outside_project(entry: str) -> bool:
    """Whether a sys.path entry is a real folder that is not the checkout (or above it)."""
    if not entry or not os.path.isdir(entry):
        return False
    path = Path(entry).resolve()
    return path != PROJECT_ROOT and path not in PROJECT_ROOT.parents


def start_limited(options: argparse.Namespace, kernel_args: list[str]) -> None:
    """Fallback (not root, or not Linux): a private working copy and resource limits only.

    The copy goes next to the kernel's IPC sockets (autograde's private run folder, removed
    when the run ends), else in the temp folder.
    """
    info = json.loads(connection_file(kernel_args)[1].read_text(encoding="utf-8"))
    beside = Path(info["ip"]).parent if info.get("transport") == "ipc" else None
    work = Path(tempfile.mkdtemp(prefix="grading-kernel-", dir=beside))
    copy_submission(Path.cwd(), work / "submission")
    environment = clean_environment()
    home = work / "home"
    home.mkdir()
    for key, value in environment.items():
        environment[key] = value.replace(str(SANDBOX_HOME), str(home))
    environment["TMPDIR"] = str(work)
    os.chdir(work / "submission")
    os.environ.clear()
    os.environ.update(environment)
    sys.stderr.write(f"sandbox: limits only. {LIMITS_ONLY_GAPS}\n")
    _start_kernel(options, kernel_args, None)


def main(argv: list[str] | None = None) -> None:
    """Parse the options and start the kernel, as isolated as this platform allows."""
    options, kernel_args = parse(argv)
    if full_isolation_available() and not options.limits_only:
        start_isolated(options, kernel_args)
    else:
        start_limited(options, kernel_args)


if __name__ == "__main__":
    main()
