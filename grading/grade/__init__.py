"""Grading: from submissions to scores in the gradebook, safely and in parallel.

Public names, by module: ``collect`` (``collect``: the exchange, a folder or a zip, one file
rule, graded work never silently replaced), ``autograde`` (``run``, ``Limits``), ``results``
(``SubmissionResult``, ``load_results``).

Inside: ``exchange_inbound`` reads the exchange without trusting it; ``graded_copy`` keeps
graded work counting until a replacement grades cleanly; ``validate`` checks a submission
against its source; ``limits`` are the limits one submission runs under; ``worker_pool`` and
``worker`` run nbgrader in long-lived processes (``nbgrader_speedups``: a cheaper schema
check); ``timeouts`` names the cells the time limit stopped; ``fork_server``, ``kernel_stub``,
``sandboxed_kernel``, ``sandbox``, ``resource_group``, ``kernel_launcher`` and
``output_budget`` start each notebook's kernel isolated and limited (docs/security.md).
"""
