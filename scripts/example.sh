#!/usr/bin/env bash
# Set up, check the example council blog, build it, and serve it at http://127.0.0.1:8000/
. "$(dirname "$0")/setup.sh"
.venv/bin/intheopen check
.venv/bin/intheopen build --strict
exec .venv/bin/intheopen serve --dev-addr "${ADDRESS:-127.0.0.1:8000}"
