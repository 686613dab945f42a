#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e/) need: Debian's Chromium, and code-server (a complete
# VS Code from the npm registry) in a cache folder outside the repo. Idempotent: a second run only checks.
# Runs as root (CI and the project's machines); never touches the repo's node_modules.
#
#   BPLAN_E2E_CACHE   cache root (default ~/.cache/bplan-e2e); code-server lands in
#                     $BPLAN_E2E_CACHE/code-server-4.100.3, which test/e2e/vscode.test.ts looks up the same way.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3 # the newest code-server that runs on Node 20 (4.103+ need Node 22)
RIPGREP_VERSION=1.15.11     # the @vscode/ripgrep that code-server bundles; its install script downloads rg
RG_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

cache="${BPLAN_E2E_CACHE:-$HOME/.cache/bplan-e2e}"
target="$cache/code-server-$CODE_SERVER_VERSION"
bin="$target/node_modules/.bin/code-server"

start=$SECONDS
step() { echo "e2e-setup: $*"; }
took() { step "$1 took $(($SECONDS - $2))s"; }

# --- Debian packages: chromium (the browser playwright-core drives), libkrb5-dev (code-server's kerberos module)
missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  t=$SECONDS
  step "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  took "apt-get install" "$t"
fi

# --- code-server
works() { [[ -x "$bin" ]] && "$bin" --version >/dev/null 2>&1; }
if works; then
  step "code-server $("$bin" --version | head -1) already installed in $target"
else
  t=$SECONDS
  # @vscode/ripgrep's install script fetches rg from GitHub unless this archive is in its cache folder;
  # build it from the rg binary that the registry package @vscode/ripgrep-linux-x64 ships.
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_VERSION"
  if [[ ! -s "$rg_cache/$RG_ARCHIVE" ]]; then
    work=$(mktemp -d)
    (cd "$work" && npm pack --silent @vscode/ripgrep-linux-x64 >/dev/null && tar xzf ./*.tgz)
    mkdir -p "$rg_cache"
    chmod +x "$work/package/bin/rg"
    tar czf "$rg_cache/$RG_ARCHIVE" -C "$work/package/bin" rg
    rm -rf "$work"
    took "ripgrep cache archive" "$t"
  fi

  # Install into a fresh sibling folder and move it into place only once npm has finished, so that an
  # interrupted install is never mistaken for a finished one.
  mkdir -p "$cache"
  rm -rf "$cache"/.staging-* # left by an install that was killed
  staging=$(mktemp -d "$cache/.staging-XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  echo '{ "private": true }' >"$staging/package.json"
  t=$SECONDS
  step "npm install code-server@$CODE_SERVER_VERSION into $target (a few minutes)"
  # unsafe_perm: its postinstall refuses root otherwise; yes: node-pty's postinstall runs `npx node-gyp`.
  (cd "$staging" && npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  took "npm install code-server" "$t"
  rm -rf "$target"
  mv "$staging" "$target"
  trap - EXIT
  works || { step "code-server installed but '$bin --version' fails"; exit 1; }
  step "installed code-server $("$bin" --version | head -1)"
fi

took "e2e setup" "$start"
