# Sourced by scripts/test.sh: what the tests use beyond Python.
# - Debian packages: Chromium (browser tests), Java (the Nu Html Checker), Node.js and npm.
#   Installed when missing and this runs as root with apt-get (as in CI); elsewhere, install
#   them yourself, or the tests that need them are skipped (in CI they fail instead).
# - npm packages, pinned, into .cache/node: axe-core, vnu-jar (its install script, which
#   would download, is not run) and the JSON Feed schema. Nothing downloads a browser.
NODE_PACKAGES="axe-core@4.14.1 jsonfeed-schema@0.5.0"
NODE_NO_SCRIPTS="vnu-jar@26.9.27"

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  # shellcheck disable=SC2086 # the package list is meant to split into words
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
elif [ -n "$missing" ]; then
  echo "Not installed:$missing. Tests that need them will be skipped." >&2
fi

if command -v npm >/dev/null 2>&1; then
  mkdir -p .cache/node
  # shellcheck disable=SC2086
  npm install --prefix .cache/node --no-audit --no-fund --silent $NODE_PACKAGES
  # shellcheck disable=SC2086
  npm install --prefix .cache/node --no-audit --no-fund --silent --ignore-scripts $NODE_NO_SCRIPTS
fi
