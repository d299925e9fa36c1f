"""Does every hostile or broken submission end as expected, with nothing lost?

The corpus (tests/security/corpus/cases.yaml) is collected and autograded once, for the whole
module, with the real grading.grade.collect and grading.grade.autograde; the summary table is
printed.
"""

from __future__ import annotations

import re

import pytest

from grading.grade.sandbox import full_isolation_available
from tests.security.corpus import LIMITS, CorpusRun, load_cases, run_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    """The corpus, graded once."""
    result = run_corpus(tmp_path_factory.mktemp("corpus"))
    print("\n" + result.table())
    return result


def test_the_corpus_has_at_least_twenty_cases() -> None:
    """Are there at least 20 hostile or broken submissions, each with an expected outcome?"""
    cases = load_cases()
    assert len(cases) >= 20
    assert all(
        case.expect["status"] in {"graded", "failed", "rejected", "refused"} for case in cases
    )
    assert len({case.id for case in cases}) == len(cases)


def test_every_case_ends_as_expected(corpus: CorpusRun) -> None:
    """Is each case graded, failed, rejected or refused exactly as the manifest says?"""
    assert all(case.held for case in corpus.cases), corpus.table()


def test_nothing_is_lost_or_damaged(corpus: CorpusRun) -> None:
    """Are sources, other submissions, the gradebook and the grader's files all untouched?"""
    assert corpus.lost == [], corpus.table()


def test_every_graded_case_has_a_reason_a_trainer_can_read(corpus: CorpusRun) -> None:
    """Does every failed or rejected submission carry a non-empty reason?"""
    for case in corpus.cases:
        if case.status in {"failed", "rejected", "refused"}:
            assert case.reason.strip(), f"{case.id}: no reason given"


@pytest.mark.skipif(not full_isolation_available(), reason="full isolation needs root on Linux")
def test_kernels_really_ran_in_the_sandbox(corpus: CorpusRun) -> None:
    """Did the workers start every kernel inside the sandbox (own uid, namespaces)?"""
    logs = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (corpus.course / ".grading" / "logs").glob("*.log")
    )
    assert "sandbox: uid" in logs
    assert "namespaces: mount, pid, network" in logs


@pytest.mark.skipif(not full_isolation_available(), reason="full isolation needs root on Linux")
def test_every_kernel_tree_stayed_within_its_memory_budget(corpus: CorpusRun) -> None:
    """Did no kernel with everything it started and its tmpfs pass --memory-mb (the
    memory-tree-and-tmpfs case tries 5 GB), as the cgroup peaks in the logs show?"""
    logs = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (corpus.course / ".grading" / "logs").glob("*.log")
    )
    if "no cgroup:" in logs:
        pytest.skip("no cgroup could be made here: memory is limited per process only")
    peaks = [int(peak) for peak in re.findall(r"memory peak (\d+) MB", logs)]
    print(f"\nkernel memory peaks (MB): max {max(peaks)}, {len(peaks)} kernels")
    assert len(peaks) >= 10
    assert max(peaks) <= LIMITS.memory_mb
