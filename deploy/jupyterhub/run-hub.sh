#!/usr/bin/env bash
# Trial hub on 127.0.0.1: prepare accounts, exchange and course, then run JupyterHub (as root).
#   sudo PST_HUB_USERS=hub-users.yaml deploy/jupyterhub/run-hub.sh
# Each person logs in with their own password: new accounts get one, written once to
# $PST_HUB_STATE/new-passwords.txt (root only). Open http://hub.localhost:8000.
# Settings: PST_* variables (deploy/jupyterhub/hub_settings.py), GRADEBOOK_URL for PostgreSQL.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv_bin="${PST_VENV_BIN:-/opt/peer-support-hub/venv/bin}"
export PST_VENV_BIN="$venv_bin"
export PATH="$venv_bin:$PATH"

if [ "$(id -u)" -ne 0 ]; then
  echo "run-hub.sh: run as root (JupyterHub starts each person's server as their unix account)." >&2
  exit 1
fi
if [ -n "${PST_HUB_PASSWORD:-}" ]; then
  echo "run-hub.sh: PST_HUB_PASSWORD is set, but a shared password is refused; unset it." >&2
  exit 1
fi
if [ ! -x "$venv_bin/jupyterhub" ]; then
  PST_VENV="$(dirname "$venv_bin")" "$here/make-venv.sh"
fi
if [ ! -x "$here/node_modules/.bin/configurable-http-proxy" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
"$venv_bin/python" "$here/prepare_hub.py"
cd "$repo"
exec "$venv_bin/jupyterhub" -f "$here/jupyterhub_config.py"
