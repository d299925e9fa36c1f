#!/usr/bin/env bash
# Trial hub on 127.0.0.1: prepare accounts, exchange and course, then run JupyterHub (as root).
#   sudo PST_HUB_PASSWORD=choose-one deploy/jupyterhub/run-hub.sh
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
if [ -z "${PST_HUB_PASSWORD:-}" ]; then
  echo "run-hub.sh: set PST_HUB_PASSWORD, the shared password for this trial." >&2
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
