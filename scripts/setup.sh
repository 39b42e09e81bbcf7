#!/usr/bin/env bash
# Installs what Venvid needs on a Debian machine, idempotently and quietly when already done:
# Debian packages (Postgres, Redis, ffmpeg, Chromium), the s3rver stand-in, .NET tools and the build
# (which also installs and builds the React app). Sourced by run.sh and test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1;34m[venvid]\033[0m %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -------------------------------------------------------
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
{ command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; } || missing+=(ffmpeg)
command -v chromium >/dev/null || missing+=(chromium)
command -v setpriv >/dev/null || missing+=(util-linux)
command -v node >/dev/null || missing+=(nodejs npm)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
# Fonts so screenshots of the web app render text.
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The postgresql package starts a system cluster; Venvid runs its own, so keep the port free.
  if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
    as_root systemctl disable --now postgresql >/dev/null 2>&1 || as_root service postgresql stop >/dev/null 2>&1 || true
  fi
fi

# --- npm: the S3 stand-in, the Kubernetes schema check, the HLS check, the OpenAPI lint, the web app
npm_ci() { # $1 = folder; reinstall only when the lock file changed
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}
npm_ci tools/s3rver
npm_ci tools/k8s-validate
npm_ci tools/hls-validate
npm_ci tools/openapi
npm_ci Venvid.Web/ClientApp

# --- .NET -------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
say "building (dotnet build also builds the React app when it changed)"
dotnet build Venvid.sln -c "${VENVID_CONFIGURATION:-Debug}" -nologo -v quiet -clp:ErrorsOnly
