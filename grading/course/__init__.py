"""Building the course: the organization profile, the curriculum, the nbgrader course folder.

Public names, by module: ``build`` (``build``, ``release``: render modules/ with org.yaml,
generate and release), ``org`` (``OrgProfile``, ``load_org``, ``active_profile``),
``placeholders`` (the ``{{ org.* }}`` values filled into notebooks), ``module_folders``
(``discover_modules``), ``org_starter`` (``write_starter``), ``curriculum`` (``Curriculum``,
``load_curriculum``), ``coursedir`` (open a built course with nbgrader's API), ``names``
(trainee and module names checked with a did-you-mean), ``workspace`` (``setup_workspace``),
``trainee_lab`` (the ``make lab`` config), ``lock`` (one grading command at a time per course).
"""
