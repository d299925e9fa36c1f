"""The trainer's side of the course, one subpackage per step of the trainer's flow.

    course/    build the course from modules/ and org.yaml, release it, trainee workspaces
    grade/     collect submissions, then autograde them in sandboxed kernels
    feedback/  feedback pages a trainee may read (no hidden tests, no answers, safe HTML)
    report/    cohort report, completion records, supervisor flags, scrubbed export, purge
    checks/    what module notebooks call: answers, choice checks, MI and note checks, flags

Commands: ``python -m grading --help`` (:mod:`grading.cli`). Errors a trainer can fix are
:class:`grading.errors.GradingError`. The data flow is drawn in docs/architecture.md.
"""
