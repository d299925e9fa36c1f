"""The grading kernel: are memory and output really limited inside a live kernel?"""

from __future__ import annotations

import json
import sys

import pytest
from jupyter_client.manager import start_new_kernel


@pytest.fixture(scope="module")
def limited_kernel(tmp_path_factory):
    """A real IPython kernel started through grading.grade.kernel_launcher with small limits."""
    spec_dir = tmp_path_factory.mktemp("jupyter") / "kernels" / "limited"
    spec_dir.mkdir(parents=True)
    argv = [
        sys.executable,
        "-m",
        "grading.grade.kernel_launcher",
        "--memory-mb=1024",
        "--output-kb=1",
    ]
    spec = {"argv": [*argv, "-f", "{connection_file}"], "display_name": "x", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(spec_dir.parent.parent))
        manager, client = start_new_kernel(kernel_name="limited", startup_timeout=60)
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def run(client, code: str) -> list[dict]:
    """Execute `code`; returns the iopub output messages' contents."""
    outputs = []

    def keep(message):
        if message["msg_type"] in ("stream", "error"):
            outputs.append(message["content"])

    client.execute_interactive(code, output_hook=keep, timeout=60)
    return outputs


def test_a_flood_of_output_is_cut_for_the_whole_kernel(limited_kernel):
    """Does a cell printing 200 KB deliver about 1 KB and a notice, and later cells no more?"""
    flooded = "".join(o.get("text", "") for o in run(limited_kernel, "print('x' * 200_000)"))
    assert len(flooded) < 1200
    assert "[output cut: this submission produced more than 1024 bytes of output]" in flooded
    after = "".join(o.get("text", "") for o in run(limited_kernel, "print('next cell')"))
    assert after == ""


def test_a_memory_hog_gets_memory_error(limited_kernel):
    """Does allocating 4 GB fail inside the kernel instead of eating the grader's memory?"""
    outputs = run(limited_kernel, "hog = bytearray(4 * 1024**3)")
    assert [o["ename"] for o in outputs if "ename" in o] == ["MemoryError"]
    assert [o["ename"] for o in run(limited_kernel, "1 / 0")] == ["ZeroDivisionError"]
