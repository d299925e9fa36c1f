"""One setting selects the gradebook: SQLite in the course by default, or $GRADEBOOK_URL."""

from __future__ import annotations

from grading.course.coursedir import GRADEBOOK_ENV, gradebook_url, load_config


def test_default_gradebook_is_sqlite_in_the_course(tmp_path, monkeypatch):
    """Without the setting, is the gradebook the course's own SQLite file?"""
    monkeypatch.delenv(GRADEBOOK_ENV, raising=False)
    assert gradebook_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / 'gradebook.db'}"


def test_gradebook_url_setting_reaches_nbgrader(tmp_path, monkeypatch):
    """With GRADEBOOK_URL set, do our commands and nbgrader's config both use it?"""
    url = "postgresql+psycopg://grader@127.0.0.1:5432/peer_support"
    monkeypatch.setenv(GRADEBOOK_ENV, url)
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    assert gradebook_url(tmp_path) == url
    assert load_config(tmp_path).CourseDirectory.db_url == url
