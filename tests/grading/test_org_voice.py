"""The profile's `voice:` settings: validated with located errors, private by default, and read
back by the role-play widget from the built ``org.json``."""

from __future__ import annotations

import pytest

from grading.course.org import ORG_FILE, OrgProfileError, default_org, install_profile, load_org
from simulator.voice import VoiceConfig, is_internal_host, voice_settings

LLAMA = "voice:\n  backend: openai-compatible\n  base_url: {url}\n  model: qwen2.5-3b\n"


def write(tmp_path, text: str):
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_is_the_authored_voice():
    """Does a profile without `voice:` keep the written lines?"""
    assert default_org().voice == VoiceConfig() and VoiceConfig().backend == "authored"


def test_an_internal_server_is_accepted_and_reaches_the_widget(tmp_path):
    """Is a model server on the organization's network accepted, and does the built org.json
    give the widget exactly these settings?"""
    org = load_org(write(tmp_path, LLAMA.format(url="http://192.168.1.20:8080/v1/")))
    assert org.voice.base_url == "http://192.168.1.20:8080/v1" and org.voice.temperature == 0
    install_profile(org, tmp_path)
    assert voice_settings(tmp_path / ORG_FILE) == org.voice


def test_an_external_host_is_refused_with_file_line_and_field(tmp_path):
    """Is a hosted endpoint refused unless allowed, with the file, line and field named?"""
    path = write(tmp_path, LLAMA.format(url="https://api.example.com/v1"))
    with pytest.raises(OrgProfileError) as refused:
        load_org(path)
    message = str(refused.value)
    assert "org.yaml" in message and "line 3" in message and "voice.base_url" in message
    assert "api.example.com" in message and "allow_external_host: true" in message
    allowed = load_org(write(tmp_path, path.read_text() + "  allow_external_host: true\n"))
    assert allowed.voice.host == "api.example.com"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("voice:\n  backend: openai-compatible\n", "needs base_url and model"),
        ("voice:\n  backend: ollama\n", "voice.backend"),
        ("voice:\n  base_ur: http://127.0.0.1/v1\n", "base_url"),
        ("voice:\n  base_url: ftp://127.0.0.1/v1\n", "not an http:// or https:// address"),
        ("voice:\n  temperature: 5\n", "voice.temperature"),
    ],
)
def test_a_wrong_voice_setting_is_named(tmp_path, text, expected):
    """Is each mistake in `voice:` reported with the field and what was expected?"""
    with pytest.raises(OrgProfileError, match=r"org\.yaml") as refused:
        load_org(write(tmp_path, text))
    assert expected in str(refused.value)


@pytest.mark.parametrize(
    "host, internal",
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("10.0.4.7", True),
        ("172.20.1.1", True),
        ("192.168.1.20", True),
        ("gpu-server", True),
        ("llm.local", True),
        ("api.example.com", False),
        ("8.8.8.8", False),
        ("llm.example.org", False),
        ("2001:4860:4860::8888", False),
    ],
)
def test_which_hosts_count_as_inside_the_organization(host, internal):
    """Are loopback, private ranges, .local and single-label names internal, and others not?"""
    assert is_internal_host(host) is internal
