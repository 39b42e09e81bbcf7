#!/usr/bin/env bash
# Soak: the real platform (Postgres, Redis, storage, API, worker, web) under browsing, views, likes and small uploads
# from several virtual users for SOAK_SECONDS (default 300), sampling the API's memory; then every acknowledged like
# must be there, every acknowledged upload must end ready or failed, and no request may have answered 5xx.
#   bench/soak/run.sh                      SOAK_SECONDS (300)  SOAK_USERS (6)
# Exits non-zero on a violation. Builds and runs under /tmp/venvid-build.lock (shared with other engineers).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOCK=/tmp/venvid-build.lock
if [ -z "${VENVID_SOAK_LOCKED:-}" ]; then
  echo "[soak] waiting for $LOCK ..."
  exec env VENVID_SOAK_LOCKED=1 flock "$LOCK" "$0" "$@"
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
seconds="${SOAK_SECONDS:-300}"
echo "[soak] building (Release)"
dotnet tool restore >/dev/null   # dotnet-gcdump, for the live-heap samples
dotnet build "$HERE/Venvid.Soak.csproj" -c Release -v q -clp:ErrorsOnly -nologo -p:SkipClientBuild=true
# Bounded: the load, plus start-up and the final wait for uploads, never more than 15 minutes on top.
timeout --signal=INT --kill-after=60 "$((seconds + 900))" \
  dotnet "$HERE/bin/Release/net10.0/Venvid.Soak.dll" "$seconds" "${SOAK_USERS:-6}"
