"""Hub settings and users file: what the environment selects, and clear errors for bad input."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"
sys.path.insert(0, str(DEPLOY))

from hub_settings import HubSettings  # noqa: E402


def test_environment_selects_ports_folders_and_gradebook(tmp_path: Path) -> None:
    """Do PST_* variables and GRADEBOOK_URL end up in the settings the hub and prepare use?"""
    settings = HubSettings.from_env(
        {
            "PST_HUB_PORT": "18000",
            "PST_EXCHANGE": str(tmp_path / "exchange"),
            "PST_GRADER_USER": "grader-x",
            "PST_HOME_ROOT": str(tmp_path / "home"),
            "GRADEBOOK_URL": "postgresql+psycopg://u:p@127.0.0.1:5432/gradebook",
            "UNRELATED": "ignored",
        }
    )
    assert settings.hub_port == 18000
    assert settings.exchange == tmp_path / "exchange"
    assert settings.course_dir == tmp_path / "home" / "grader-x" / settings.course_id
    assert settings.gradebook_url.startswith("postgresql+psycopg://")
    assert settings.trainee_group == f"nbgrader-{settings.course_id}"
    assert settings.trainer_group == f"formgrade-{settings.course_id}"
    assert HubSettings.from_env({}).gradebook_url == ""  # SQLite in the course by default


def test_users_file_names_the_file_and_the_bad_login(tmp_path: Path) -> None:
    """Does a login that cannot be a unix account fail with the file and the name?"""
    users = tmp_path / "users.yaml"
    users.write_text("trainers: [Trainer One]\ntrainees: [trainee1]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as error:
        HubSettings(hub_users=users).load_users()
    assert str(users) in str(error.value)
    assert "'Trainer One' is not a usable login" in str(error.value)


def test_a_login_cannot_take_a_services_origin(tmp_path: Path) -> None:
    """Is a login like the formgrader's subdomain (``<service>--service``) refused?"""
    users = tmp_path / "users.yaml"
    users.write_text("trainees: [formgrader-peer-support--service]\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="'--' is reserved"):
        HubSettings(hub_users=users).load_users()


def test_users_file_reports_an_unknown_key(tmp_path: Path) -> None:
    """Is a misspelt section (trainess) an error rather than a silently empty cohort?"""
    users = tmp_path / "users.yaml"
    users.write_text("trainess: [trainee1]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as error:
        HubSettings(hub_users=users).load_users()
    assert "trainess" in str(error.value)


def test_example_users_file_is_valid() -> None:
    """Does the shipped example users file load, with a trainer and trainees?"""
    users = HubSettings().load_users()
    assert users.trainers and users.trainees


def test_hub_refuses_a_shared_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """Does the hub config stop, saying why, when a shared trial password is set?"""
    monkeypatch.setenv("PST_HUB_PASSWORD", "everyone-knows-it")
    from traitlets.config import Config

    with pytest.raises(SystemExit, match="shared password is refused"):
        runpy.run_path(
            str(DEPLOY / "jupyterhub_config.py"),
            init_globals={"get_config": Config, "__file__": str(DEPLOY / "jupyterhub_config.py")},
        )


def test_hub_config_wires_groups_roles_and_the_formgrader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Are trainers (only) given the formgrader service, on loopback, with nbgrader's groups?"""
    monkeypatch.delenv("PST_HUB_PASSWORD", raising=False)
    from traitlets.config import Config

    config_file = str(DEPLOY / "jupyterhub_config.py")
    c = runpy.run_path(config_file, init_globals={"get_config": Config})["c"]
    settings, users = HubSettings(), HubSettings().load_users()
    assert c.JupyterHub.bind_url.startswith("http://127.0.0.1:")
    assert c.JupyterHub.load_groups == {
        settings.trainee_group: {"users": users.trainees},
        settings.trainer_group: {"users": users.trainers},
    }
    (role,) = c.JupyterHub.load_roles
    assert role["groups"] == [settings.trainer_group]
    assert role["scopes"] == [f"access:services!service={settings.service_name}"]
    (service,) = c.JupyterHub.services
    assert service["name"] == settings.service_name
    assert service["user"] == settings.grader_user
    assert service["environment"]["JUPYTER_CONFIG_PATH"] == str(settings.grader_config_dir)
    assert c.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(settings.trainee_config_dir)
    assert "read:users:groups!user" in c.Spawner.server_token_scopes
    assert c.JupyterHub.authenticator_class == "pam"  # each person's own password
    assert c.JupyterHub.subdomain_host == "http://hub.localhost:8000"  # an origin per server
    assert c.JupyterHub.spawner_class == "pst_spawner.LimitedSpawner"
    assert c.Spawner.environment["JUPYTER_CONFIG_DIR"] == str(settings.trainee_config_dir)
    assert c.Spawner.environment["PYTHONNOUSERSITE"] == "1"
