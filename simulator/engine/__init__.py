"""The conversation engine: the simulated person, turn by turn.

Public names, by module: ``scenario`` (``Scenario``, ``load_scenario``, ``list_scenarios``),
``session`` (``Session``, ``replay``), ``transcript`` (``Transcript``, ``Turn``), ``metrics``
(``summarize``: MITI summary scores), ``voices`` (the ``Voice`` interface and the authored
voice). How the person listens: ``understanding`` reads the helper's turn, ``memory`` and
``state`` keep what was said, ``persona`` and ``composer`` decide and compose the reply,
``crisis`` handles risk turns, ``story`` holds the facts, ``words`` the shared word lists;
``upgrade`` converts v1 scenarios.
"""
