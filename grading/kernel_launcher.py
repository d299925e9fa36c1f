"""Start an IPython kernel with resource limits, for grading untrusted submissions.

Used as the ``python3`` kernelspec of autograde workers::

    python -m grading.kernel_launcher --memory-mb 2048 --cpu-seconds 600 \\
        --file-mb 64 --output-kb 1024 -f {connection_file}

Memory (address space), CPU time and file size are capped with ``setrlimit``, so a runaway
submission kills only its own kernel (nbgrader then records the error). Text written to
stdout/stderr is capped per cell: past the limit it is cut with a one-line notice, so a 1 GB
print never reaches the grader's memory. Linux and macOS only (``resource``).
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path


def apply_limits(memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    """Cap this process (and its children) with setrlimit; 0 means no limit."""
    for kind, value in (
        (resource.RLIMIT_AS, memory_mb * 2**20),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_FSIZE, file_mb * 2**20),
    ):
        if value > 0:
            resource.setrlimit(kind, (value, value))


def cap_stream_output(limit_chars: int) -> object:
    """Cap what each cell may print to stdout/stderr; returns the budget to reset per cell."""
    from ipykernel.iostream import OutStream

    class Budget:
        used = 0
        noticed = False

        def reset(self, *_: object) -> None:
            self.used, self.noticed = 0, False

    budget = Budget()
    write = OutStream.write

    def capped_write(stream: OutStream, text: str) -> int | None:
        if not isinstance(text, str):
            return write(stream, text)
        room = limit_chars - budget.used
        budget.used += len(text)
        if room > 0:
            return write(stream, text[:room])
        if not budget.noticed:
            budget.noticed = True
            write(stream, f"\n[output cut: this cell printed more than {limit_chars} characters]\n")
        return len(text)

    OutStream.write = capped_write
    return budget


def main(argv: list[str] | None = None) -> None:
    """Parse the limits, apply them, and run the kernel with the remaining arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--cpu-seconds", type=int, default=600)
    parser.add_argument("--file-mb", type=int, default=64)
    parser.add_argument("--output-kb", type=int, default=1024)
    limits, kernel_args = parser.parse_known_args(argv)
    apply_limits(limits.memory_mb, limits.cpu_seconds, limits.file_mb)
    budget = cap_stream_output(limits.output_kb * 1024) if limits.output_kb > 0 else None

    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(kernel_args)
    if budget is not None:
        app.shell.events.register("pre_run_cell", budget.reset)
    app.start()


if __name__ == "__main__":
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]  # as ipykernel_launcher does; IPython adds the cwd back later
    main()
