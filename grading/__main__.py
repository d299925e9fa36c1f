"""Run the grading CLI: ``python -m grading --help``."""

from grading.cli import main

main()
