#!/usr/bin/env bash
# Install the course tools + JupyterHub into a venv every account can read (run as root).
# Single-user servers run as each person's unix account, so the interpreter must not live in a
# private home (a pyenv under /root is unreachable for them).
#   sudo deploy/jupyterhub/make-venv.sh                 # -> /opt/peer-support-hub/venv
#   sudo PST_EDITABLE=1 deploy/jupyterhub/make-venv.sh  # follows this checkout (trial, tests)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${PST_VENV:-/opt/peer-support-hub/venv}"
python="${PST_SYSTEM_PYTHON:-/usr/bin/python3}"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet ${PST_EDITABLE:+-e} "$repo" "jupyterhub>=5.2,<7" "psycopg[binary]>=3.2,<4"
sha256sum "$repo/pyproject.toml" | cut -d' ' -f1 > "$venv/.pst-pyproject"  # what it was built from
chmod -R a+rX "$venv"
echo "Installed the course tools and JupyterHub into $venv"
