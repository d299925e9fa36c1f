"""What a trainer reads after grading, and what may leave the machine.

Public names, by module: ``write`` (``report``: the cohort report page, CSV and Excel, and a
completion record per trainee), ``tables`` (``collect_tables``, ``CourseTables``: the gradebook
as pandas tables), ``files`` (the HTML page and spreadsheets), ``completion`` (completion
records as HTML and PDF), ``roleplay_results`` (role-play metrics and flags by replay),
``export`` (``export``: scrubbed copies), ``privacy`` (``scrub_text``), ``retention``
(``purge``), ``name_typos`` (a misspelled name to hide, caught before export) and
``formula_guard`` (no spreadsheet formulas in CSV or Excel cells).
"""
