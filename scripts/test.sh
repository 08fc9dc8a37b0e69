#!/usr/bin/env bash
# Set up and run the whole test suite, with the linters and the type checker.
. "$(dirname "$0")/setup.sh" test
. scripts/test-tools.sh
.venv/bin/ruff check plugins tests bench
.venv/bin/ruff format --check plugins tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
