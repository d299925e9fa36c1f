"""What module notebooks call, in the trainee's kernel and again under autograde.

Public names, by module: ``answers`` (``setup``, ``answer``: the ``%%answer`` and ``%%roleplay``
magics), ``answer_checks`` (``check_choice``, ``grade_choice``, ``choice_is_right``,
``explain_number``), ``findings`` (``explain``, ``issues``), ``language`` (``check_language``),
``mi`` (``check_reflection``, ``check_open_question``), ``notes`` (``NoteRules``,
``check_note``, ``units_for_minutes``), ``peer_moves`` (``peer_moves``), ``roleplay``
(``score_roleplay``), ``flags`` (``flag_for_supervisor``). ``plain_errors`` shows a trainee's
mistakes as one plain sentence; ``answer_state`` keeps each answer cell's last run;
``evaluation`` and ``note_parts`` are the pieces the note and MI checks share. Every message
here is written before grading runs, so feedback may show it (:mod:`grading.feedback.messages`).
"""
