"""JupyterHub for the Peer Support Training Lab: trainees, trainers and the formgrader service.

Settings come from ``PST_*`` environment variables (see hub_settings.py); run
``prepare_hub.py`` first (accounts, exchange, course, nbgrader config). Start with
``deploy/jupyterhub/run-hub.sh``. Listens on 127.0.0.1 only.

Every server and the formgrader get their own origin (``<name>.<PST_HUB_DOMAIN>``, subdomains of
``hub.localhost`` for the trial: browsers resolve them to this machine), so nothing a trainee's
server answers can run in the hub's or the formgrader's origin.

Authentication for a trial: each person's own unix password (PAM); ``prepare_hub.py`` makes one
for every new account and writes it once to a root-only file. A shared password is refused. For
production replace the block marked AUTHENTICATION (docs/deployment.md shows OAuth and LDAP);
nothing else changes, because groups and roles come from the users file.
"""

import os
import pwd
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub_settings import HubSettings

c = get_config()  # noqa: F821
settings = HubSettings.from_env()
users = settings.load_users()
state = settings.hub_state
venv_bin = str(settings.venv_bin)
base_path = f"{venv_bin}:/usr/local/bin:/usr/bin:/bin"

# --- network: loopback only; configurable-http-proxy from deploy/jupyterhub/node_modules
c.JupyterHub.bind_url = f"http://127.0.0.1:{settings.hub_port}"
c.JupyterHub.subdomain_host = settings.public_url
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings.hub_api_port}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [
    str(Path(__file__).resolve().parent / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user server

# --- AUTHENTICATION (trial): each person's own unix password
if os.environ.get("PST_HUB_PASSWORD"):
    raise SystemExit(
        "PST_HUB_PASSWORD is set, but a shared password is refused: anyone who knew it could log "
        "in as a trainer. Unset it; each person logs in with their own password (prepare_hub.py "
        f"writes new ones to {settings.new_passwords_file}, readable by root only)."
    )
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
# --- end AUTHENTICATION
c.Authenticator.allowed_users = set(users.trainees) | set(users.trainers)
c.Authenticator.admin_users = set(users.admins)
c.Authenticator.allow_existing_users = False  # the users file is the only source of logins

# --- who is who: hub groups named the way nbgrader's JupyterHubAuthPlugin expects
c.JupyterHub.load_groups = {
    settings.trainee_group: {"users": users.trainees},
    settings.trainer_group: {"users": users.trainers},
}
c.JupyterHub.load_roles = [
    {
        "name": f"{settings.course_id}-trainers",
        "description": "Open the course's formgrader",
        "groups": [settings.trainer_group],
        "scopes": [f"access:services!service={settings.service_name}"],
    },
]

# --- single-user servers: a local process per person, as that person's unix account, in limits
c.JupyterHub.spawner_class = "pst_spawner.LimitedSpawner"
c.LimitedSpawner.memory_mb = settings.trainee_memory_mb
c.LimitedSpawner.processes = settings.trainee_processes
c.LimitedSpawner.file_mb = settings.trainee_file_mb
c.Spawner.cmd = [f"{venv_bin}/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60


def _in_home(*parts: str):
    return lambda spawner: str(Path(pwd.getpwnam(spawner.user.name).pw_dir, *parts))


# Jupyter reads its configuration only from root-owned places: a person's own ~/.jupyter and
# user site-packages are ignored, so nobody adds static paths, templates, server extensions or
# headers to their server. (What a server answers stays in that person's own origin anyway.)
trainee_config = str(settings.trainee_config_dir)
c.Spawner.environment = {
    "JUPYTER_CONFIG_DIR": trainee_config,
    "JUPYTER_CONFIG_PATH": trainee_config,
    "JUPYTERLAB_SETTINGS_DIR": _in_home(".jupyter", "lab", "user-settings"),
    "JUPYTERLAB_WORKSPACES_DIR": _in_home(".jupyter", "lab", "workspaces"),
    "IPYTHONDIR": _in_home(".ipython"),
    "PYTHONNOUSERSITE": "1",
    "PYTHONPATH": trainee_config,  # pst_exchange.PrivateSubmit
    "PATH": base_path,
}
# The server's own token may read its user's groups: JupyterHubAuthPlugin lists courses with it.
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "read:users:name!user",
    "read:users:groups!user",
]

# --- the formgrader: a hub-managed service running as the grader account
c.JupyterHub.services = [
    {
        "name": settings.service_name,
        "url": f"http://127.0.0.1:{settings.formgrader_port}",
        "user": settings.grader_user,
        "cwd": str(settings.course_dir),
        # jupyterhub-singleuser with formgrader_guard installed first (it fails if it cannot)
        "command": [
            f"{venv_bin}/python",
            "-m",
            "formgrader_guard",
            "--ServerApp.default_url=/formgrader",
        ],
        "environment": {
            "JUPYTER_CONFIG_PATH": str(settings.grader_config_dir),
            "PYTHONPATH": trainee_config,  # formgrader_guard
            "PATH": base_path,
        },
        "oauth_no_confirm": True,
    }
]
