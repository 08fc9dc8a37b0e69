# Sourced by the other scripts: make .venv with Python 3.11+ and install In the Open into it.
# Usage: . scripts/setup.sh [EXTRAS]   e.g. ". scripts/setup.sh test"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "In the Open needs Python 3.11 or later; install it and try again." >&2
  exit 1
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
extras="${1:-}"
target="."
[ -n "$extras" ] && target=".[$extras]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target"
export NO_MKDOCS_2_WARNING=1
