"""The faces of the simulator: how trainees and trainers see a role-play.

Public names, by module: ``widgets`` (``RolePlay``, ``ScenarioPicker``: the ipywidgets chat in a
notebook), ``chat_html`` and ``transcript_html`` (a conversation as safe HTML), ``plots`` (MITI
figures), ``cli`` (``python -m simulator``), ``chat_entry``, ``chat_log`` and ``unexpected``
(the input box, the crash-safe log, one-line errors).
"""
