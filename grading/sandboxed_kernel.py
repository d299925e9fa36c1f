"""Start a grading kernel for one untrusted submission, isolated by :mod:`grading.sandbox`.

The ``python3`` kernelspec of autograde workers runs::

    python -m grading.sandboxed_kernel --memory-mb 2048 --cpu-seconds 600 --file-mb 64 \\
        --output-kb 1024 --processes 64 --tmp-mb 512 --hide COURSE_DIR -f {connection_file}

As root on Linux the kernel runs in its own mount, PID and network namespaces, on a private
copy of the submission folder in a fresh tmpfs, with the course directory and the grader's home
hidden, as a dedicated unprivileged user, under resource limits. Otherwise (not root, not
Linux) it runs on a private copy under resource limits only. Text and rich output are capped
per cell so a huge print or repr never reaches the grader's memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from grading.kernel_launcher import apply_limits, cap_stream_output
from grading.sandbox import (
    SANDBOX_HOME,
    SANDBOX_WORK,
    Isolation,
    clean_environment,
    copy_workdir,
    drop_privileges,
    enter_namespaces,
    full_isolation_available,
    own,
    replace_filesystem_view,
    run_in_pid_namespace,
    sandbox_uid,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def parse(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """The limits and isolation options; the rest is passed to the kernel."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--cpu-seconds", type=int, default=600)
    parser.add_argument("--file-mb", type=int, default=64)
    parser.add_argument("--output-kb", type=int, default=1024)
    parser.add_argument("--processes", type=int, default=64, help="Tasks (threads too).")
    parser.add_argument("--tmp-mb", type=int, default=512, help="Size of the private /tmp.")
    parser.add_argument("--hide", type=Path, action="append", default=[], help="Hide a folder.")
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


def cap_rich_output(limit_chars: int) -> None:
    """Cut text in displayed values and cell results past `limit_chars` (HTML, repr, ...)."""
    from ipykernel.displayhook import ZMQShellDisplayHook
    from ipykernel.zmqshell import ZMQDisplayPublisher

    def cut(data: dict[str, Any]) -> dict[str, Any]:
        notice = f"\n[output cut: more than {limit_chars} characters]"
        return {
            kind: value[:limit_chars] + notice
            if isinstance(value, str) and len(value) > limit_chars
            else value
            for kind, value in (data or {}).items()
        }

    publish, write_format_data = ZMQDisplayPublisher.publish, ZMQShellDisplayHook.write_format_data

    def capped_publish(self: Any, data: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        return publish(self, cut(data), *args, **kwargs)

    def capped_format_data(self: Any, format_dict: dict[str, Any], md_dict: Any = None) -> Any:
        return write_format_data(self, cut(format_dict), md_dict)

    ZMQDisplayPublisher.publish = capped_publish
    ZMQShellDisplayHook.write_format_data = capped_format_data


def _start_kernel(options: argparse.Namespace, kernel_args: list[str], uid: int | None) -> None:
    from ipykernel.kernelapp import IPKernelApp

    budget = cap_stream_output(options.output_kb * 1024) if options.output_kb > 0 else None
    if options.output_kb > 0:
        cap_rich_output(options.output_kb * 1024)
    app = IPKernelApp.instance()
    app.initialize([*kernel_args, "--HistoryManager.enabled=False"])
    if uid is not None:
        own(uid, SANDBOX_HOME, SANDBOX_WORK)
    apply_limits(options.memory_mb, options.cpu_seconds, options.file_mb)
    if uid is not None:
        drop_privileges(uid, options.processes)
    if budget is not None:
        app.shell.events.register("pre_run_cell", budget.reset)
    app.start()


def start_isolated(options: argparse.Namespace, kernel_args: list[str]) -> None:
    """Root on Linux: namespaces, private tmpfs, hidden folders, own user id, limits."""
    index, path = connection_file(kernel_args)
    info = json.loads(path.read_text(encoding="utf-8"))
    ipc = info.get("transport") == "ipc"
    keep = [Path(sys.base_prefix), Path(sys.prefix), PROJECT_ROOT]
    keep += [Path(entry) for entry in sys.path if entry]
    if ipc:
        keep.append(Path(info["ip"]).parent)  # where the kernel's sockets are bound
    isolation = Isolation(
        hide=[Path.home(), PROJECT_ROOT / "modules", *options.hide],
        keep=keep,
        network=options.allow_network or not ipc,  # TCP kernels need the host's loopback
        tmp_mb=options.tmp_mb,
    )
    uid = sandbox_uid()
    environment = clean_environment()
    enter_namespaces(isolation)
    replace_filesystem_view(isolation)
    private = Path("/tmp/.kernel")
    private.mkdir(mode=0o700)
    (private / "connection.json").write_text(json.dumps(info), encoding="utf-8")
    kernel_args = [
        *kernel_args[:index],
        str(private / "connection.json"),
        *kernel_args[index + 1 :],
    ]
    copy_workdir(Path("."), SANDBOX_WORK)  # "." is still the original folder, now hidden
    SANDBOX_HOME.mkdir(parents=True, exist_ok=True)
    os.chdir(SANDBOX_WORK)
    os.environ.clear()
    os.environ.update(environment)
    sys.stderr.write(f"sandbox: uid {uid}; " + "; ".join(isolation.done) + "\n")
    run_in_pid_namespace(lambda: _start_kernel(options, kernel_args, uid))


def start_limited(options: argparse.Namespace, kernel_args: list[str]) -> None:
    """Fallback (not root, or not Linux): a private working copy and resource limits only.

    The copy goes next to the kernel's IPC sockets (autograde's private run folder, removed
    when the run ends), else in the temp folder.
    """
    info = json.loads(connection_file(kernel_args)[1].read_text(encoding="utf-8"))
    beside = Path(info["ip"]).parent if info.get("transport") == "ipc" else None
    work = Path(tempfile.mkdtemp(prefix="grading-kernel-", dir=beside))
    copy_workdir(Path.cwd(), work / "submission")
    environment = clean_environment()
    home = work / "home"
    home.mkdir()
    for key, value in environment.items():
        environment[key] = value.replace(str(SANDBOX_HOME), str(home))
    environment["TMPDIR"] = str(work)
    os.chdir(work / "submission")
    os.environ.clear()
    os.environ.update(environment)
    sys.stderr.write("sandbox: not root; private copy and resource limits only\n")
    _start_kernel(options, kernel_args, None)


def main(argv: list[str] | None = None) -> None:
    """Parse the options and start the kernel, as isolated as this platform allows."""
    options, kernel_args = parse(argv)
    if full_isolation_available() and not options.limits_only:
        start_isolated(options, kernel_args)
    else:
        start_limited(options, kernel_args)


if __name__ == "__main__":
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]  # as ipykernel_launcher does
    main()
