#!/usr/bin/env bash
# Runs the whole platform locally: Aspire dashboard, Postgres, Redis, storage, API, media worker, web.
#   ./scripts/run.sh            start (set-up included)
#   ./scripts/run.sh --reset    delete all local data first (Postgres, Redis, stored media)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"

if [ "${1:-}" = "--reset" ]; then
  say "resetting local data in Venvid.AppHost/.venvid"
  rm -rf "$ROOT/Venvid.AppHost/.venvid"
fi

export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
dotnet run --project "$ROOT/Venvid.AppHost" --no-build --launch-profile http &
apphost=$!
trap 'kill -INT $apphost 2>/dev/null; wait $apphost' INT TERM

for _ in $(seq 1 180); do
  if curl -fsS -o /dev/null http://localhost:5080/health 2>/dev/null; then
    say "ready:"
    say "  web app:    http://localhost:5080"
    say "  dashboard:  http://localhost:15180 (log in with the URL printed above)"
    say "  API docs:   http://localhost:5380/scalar"
    break
  fi
  kill -0 $apphost 2>/dev/null || break
  sleep 1
done
wait $apphost
