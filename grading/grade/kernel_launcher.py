"""Start an IPython kernel with resource limits, for grading untrusted submissions.

Used by :mod:`grading.grade.sandboxed_kernel`, and on its own as a kernelspec::

    python -I -m grading.grade.kernel_launcher --memory-mb 2048 --cpu-seconds 600 \\
        --file-mb 64 --output-kb 4096 -f {connection_file}

Memory (address space), CPU time and file size are capped with ``setrlimit``, so a runaway
submission kills only its own kernel (nbgrader then records the error). Output is budgeted
for the whole kernel, every cell and every MIME type together (printed text, displayed HTML,
JSON, images, cell results): past the budget it is cut with a one-line notice, so neither a
1 GB print nor 150 displays of 1 MB reach the grader's memory. The budget here is a first
line that honest notebooks meet; the grading worker enforces it again on what it receives
(:mod:`grading.grade.output_budget`), since code in the kernel could undo anything done in-process.
Linux and macOS only (``resource``).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path
from typing import Any


def apply_limits(memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    """Cap this process (and its children) with setrlimit; 0 means no limit."""
    for kind, value in (
        (resource.RLIMIT_AS, memory_mb * 2**20),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_FSIZE, file_mb * 2**20),
    ):
        if value > 0:
            resource.setrlimit(kind, (value, value))


def output_notice(limit_bytes: int) -> str:
    """The line shown where output was cut."""
    return f"\n[output cut: this submission produced more than {limit_bytes} bytes of output]\n"


def _size(data: Any) -> int:
    if isinstance(data, str):
        return len(data.encode("utf-8", "replace"))
    return len(json.dumps(data, default=str))


def cap_output(limit_bytes: int) -> None:
    """Cut this kernel's output (all cells, all MIME types together) past `limit_bytes`."""
    from ipykernel.displayhook import ZMQShellDisplayHook
    from ipykernel.iostream import OutStream
    from ipykernel.zmqshell import ZMQDisplayPublisher

    used = {"bytes": 0, "noticed": False}

    def room_for(size: int) -> int:
        room = limit_bytes - used["bytes"]
        used["bytes"] += size
        return room

    def notice() -> dict[str, str] | None:
        if used["noticed"]:
            return None
        used["noticed"] = True
        return {"text/plain": output_notice(limit_bytes)}

    write = OutStream.write
    publish = ZMQDisplayPublisher.publish
    write_format_data = ZMQShellDisplayHook.write_format_data

    def capped_write(stream: OutStream, text: str) -> int | None:
        if not isinstance(text, str):
            return write(stream, text)
        room = room_for(_size(text))
        if room >= _size(text):
            return write(stream, text)
        if room > 0:
            write(stream, text.encode("utf-8", "replace")[:room].decode("utf-8", "ignore"))
        if notice():
            write(stream, output_notice(limit_bytes))
        return len(text)

    def capped_publish(self: Any, data: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        if room_for(_size(data) + _size(kwargs.get("metadata") or {})) >= 0:
            return publish(self, data, *args, **kwargs)
        cut = notice()
        return publish(self, cut) if cut else None

    def capped_format_data(self: Any, format_dict: dict[str, Any], md_dict: Any = None) -> Any:
        if room_for(_size(format_dict)) >= 0:
            return write_format_data(self, format_dict, md_dict)
        return write_format_data(self, notice() or {"text/plain": ""}, None)

    OutStream.write = capped_write
    ZMQDisplayPublisher.publish = capped_publish
    ZMQShellDisplayHook.write_format_data = capped_format_data


def main(argv: list[str] | None = None) -> None:
    """Parse the limits, apply them, and run the kernel with the remaining arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--cpu-seconds", type=int, default=600)
    parser.add_argument("--file-mb", type=int, default=64)
    parser.add_argument("--output-kb", type=int, default=4096)
    limits, kernel_args = parser.parse_known_args(argv)
    apply_limits(limits.memory_mb, limits.cpu_seconds, limits.file_mb)
    if limits.output_kb > 0:
        cap_output(limits.output_kb * 1024)

    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(kernel_args)
    app.start()


if __name__ == "__main__":
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]  # without -I: as ipykernel_launcher does
    main()
