"""The one error type the grading package raises for problems a trainer can fix.

``GradingError`` (and its subclasses) carry a message that names the file, trainee, module or
cell and says what was expected; the CLI prints it and exits 1 without a traceback.

    GradingError
    ├── CourseBuildError   modules/ or the course directory cannot be built or read
    └── SubmissionError    a submitted file or folder cannot be imported
"""


class GradingError(Exception):
    """A problem with the course, its inputs or a submission, explained for a trainer."""


class CourseBuildError(GradingError):
    """modules/ or the course directory cannot be built or read."""


class SubmissionError(GradingError):
    """A submitted file or folder cannot be imported."""
