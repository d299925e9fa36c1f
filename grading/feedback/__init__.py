"""Feedback a trainee may read: what they got right, helpful messages, nothing given away.

Public names, by module: ``generate`` (``generate_feedback``: nbgrader's feedback, checked for
hidden-test text), ``cleanup`` (the nbgrader preprocessors ``TidyTestOutputs`` and
``SanitizeForBrowser``), ``messages`` (which failure messages may be shown), ``sanitize``
(``sanitize_notebook``: trainee content made safe for a trainer's browser).
"""
