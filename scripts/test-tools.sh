# Sourced by scripts/test.sh: tools the tests use beyond Python, installed into .cache/.
# On a machine without Node.js, tests that need these tools are skipped (in CI they fail).
NODE_PACKAGES="jsonfeed-schema@0.5.0"

if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if command -v npm >/dev/null 2>&1; then
  mkdir -p .cache/node
  # shellcheck disable=SC2086 # the package list is meant to split into words
  npm install --prefix .cache/node --no-audit --no-fund --silent $NODE_PACKAGES
else
  echo "npm not found: tests that need Node.js packages will be skipped." >&2
fi
