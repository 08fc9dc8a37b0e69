#!/usr/bin/env bash
# Set up, check the example council blog, build it, and serve it at http://127.0.0.1:8000/
. "$(dirname "$0")/setup.sh"
.venv/bin/intheopen check
.venv/bin/mkdocs build --strict
# --livereload is given explicitly: mkdocs 1.6.1 drops it by default with click 8.2.2 and later.
exec .venv/bin/mkdocs serve --strict --livereload --dev-addr "${ADDRESS:-127.0.0.1:8000}"
