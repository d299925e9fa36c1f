"""One long-lived autograde worker process (started by :mod:`grading.grade.autograde`).

Starts the warm parent its kernels are forked from (:mod:`grading.grade.fork_server`, on the socket
``$GRADING_FORK_SERVER`` names), reads jobs as JSON lines on stdin
(``{"module": ..., "trainee": ...}``), grades each with nbgrader's API in this process, and
answers one JSON line per job on the original stdout: ``{"module", "trainee", "success",
"reason"}``. Everything else nbgrader prints goes to stderr (the worker's log), between lines
that name the trainee and module being graded.
Each submission gets the output budget OUTPUT_BYTES (:mod:`grading.grade.output_budget`), counted
on what this process receives from the kernels. Run:
``python -m grading.grade.worker COURSE_DIR OVERRIDES_JSON OUTPUT_BYTES``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> None:
    """Serve grading jobs until stdin closes."""
    course_dir, overrides = Path(sys.argv[1]), json.loads(sys.argv[2])
    output_bytes = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # stray prints from nbgrader or its tools must not corrupt the answers
    from grading.grade.fork_server import ForkServer
    from grading.grade.kernel_stub import SOCKET_ENV

    # The kernels' warm parent imports while nbgrader loads here; kernels find it by SOCKET_ENV.
    warm_parent = ForkServer(Path(os.environ[SOCKET_ENV]))
    # jsonschema's optional rfc3987_syntax dependency builds grammars for 2.5 s at import
    # (python-jsonschema/jsonschema#1428); nbformat never validates IRI formats, so skip it.
    sys.modules.setdefault("rfc3987_syntax", None)

    from grading.course.coursedir import failure_reason, open_api
    from grading.grade import nbgrader_speedups, output_budget

    output_budget.install()
    nbgrader_speedups.install()
    api = open_api(course_dir, overrides)
    warm_parent.wait_ready()
    answers.write(json.dumps({"ready": True, "fork_server": warm_parent.process.pid}) + "\n")
    for line in sys.stdin:
        job = json.loads(line)
        print(f"== grading {job['trainee']}/{job['module']}", file=sys.stderr, flush=True)
        output_budget.start_submission(output_bytes)
        try:
            result = api.autograde(job["module"], job["trainee"], force=True, create=False)
            reason = "" if result["success"] else failure_reason(result)
            answer = {**job, "success": bool(result["success"]), "reason": reason}
        except Exception as error:  # a crash grading one submission must not end the worker
            answer = {**job, "success": False, "reason": f"{type(error).__name__}: {error}"}
        done = "graded" if answer["success"] else f"failed: {answer['reason']}"
        print(f"== {job['trainee']}/{job['module']} {done}", file=sys.stderr, flush=True)
        answers.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
