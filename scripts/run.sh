#!/usr/bin/env bash
# Runs the whole platform locally: Aspire dashboard, Postgres, Redis, storage, API, media worker, web.
#   ./scripts/run.sh            start (set-up included)
#   ./scripts/run.sh --reset    delete all local data first (Postgres, Redis, stored media)
#   ./scripts/run.sh --pair     the Canada + Europe region pair instead of one region
# Ctrl+C (or closing the terminal) stops everything it started, data kept; a second Ctrl+C forces it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

profile=http
reset=false
for arg in "$@"; do
  case "$arg" in
    --reset) reset=true ;;
    --pair) profile=pair ;;
    *) echo "usage: $0 [--reset] [--pair]" >&2; exit 2 ;;
  esac
done

# VENVID_SKIP_SETUP=1: the caller has just run the set-up (the test of this script, inside the test command).
if [ "${VENVID_SKIP_SETUP:-}" = 1 ]; then
  say() { printf '\033[1;34m[venvid]\033[0m %s\n' "$*"; }
else
  source "$ROOT/scripts/setup.sh"
fi

if $reset; then
  say "resetting local data in Venvid.AppHost/.venvid"
  rm -rf "$ROOT/Venvid.AppHost/.venvid"
fi

export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
# A background job of a script starts with SIGINT ignored, so Ctrl+C reaches only this script: it stops the
# platform with SIGTERM, which the AppHost answers by stopping every resource, as Ctrl+C would.
dotnet run --project "$ROOT/Venvid.AppHost" --no-build --launch-profile "$profile" &
apphost=$!

descendants() { # every process below $1, deepest first
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

# The AppHost (dotnet run's child). Aspire's orchestrator, DCP, runs every resource detached from it (its processes
# share one --kubeconfig, named on the one that monitors the AppHost): when the AppHost exits, DCP stops the
# resources, then itself.
platform=""
kubeconfig=""
find_platform() {
  [ -n "$platform" ] || platform="$(ps -o pid= --ppid "$apphost" 2>/dev/null | head -n 1 | tr -d ' ')"
  [ -n "$kubeconfig" ] || [ -z "$platform" ] || kubeconfig="$(pgrep -af -- "dcp start-apiserver --monitor $platform( |\$)" \
    | sed -n 's/.*--kubeconfig \([^ ]*\).*/\1/p' | head -n 1)"
}
orchestrators() { # DCP's processes still running (not zombies)
  [ -n "$kubeconfig" ] || return 0
  local pid
  for pid in $(pgrep -f -- "--kubeconfig $kubeconfig" || true); do
    case "$(ps -o stat= -p "$pid" 2>/dev/null)" in Z*|"") ;; *) echo "$pid" ;; esac
  done
}

interrupts=0
stop() {
  interrupts=$((interrupts + 1))
  find_platform
  if [ "$interrupts" -eq 1 ]; then
    say "stopping everything (Ctrl+C again to force)" 2>/dev/null || true
    kill -TERM "${platform:-$apphost}" 2>/dev/null || true
  else
    say "forcing the stop" 2>/dev/null || true
    local pid
    for pid in $(orchestrators) "$apphost"; do
      # shellcheck disable=SC2046
      kill -KILL $(descendants "$pid") "$pid" 2>/dev/null || true
    done
  fi
}
trap stop INT TERM HUP

for _ in $(seq 1 180); do
  [ "$interrupts" -eq 0 ] || break
  if curl -fsS -o /dev/null http://localhost:5080/health 2>/dev/null; then
    find_platform
    say "ready:"
    say "  web app:    http://localhost:5080"
    say "  dashboard:  http://localhost:15180 (log in with the URL printed above)"
    if [ "$profile" = pair ]; then
      say "  API docs:   http://localhost:5380/scalar (Canada), http://localhost:5381/scalar (Europe)"
    else
      say "  API docs:   http://localhost:5380/scalar"
    fi
    break
  fi
  kill -0 "$apphost" 2>/dev/null || break
  sleep 1
done

# A trapped signal interrupts `wait`; wait again until the platform has really exited (a zombie still answers
# kill -0, so its status is collected by the next wait), then exit with its status.
while :; do
  set +e
  wait "$apphost"
  status=$?
  set -e
  kill -0 "$apphost" 2>/dev/null || break
done
# Then until DCP has stopped every resource (a second Ctrl+C forces it).
for _ in $(seq 1 240); do
  [ -n "$(orchestrators)" ] || break
  sleep 0.5
done
say "stopped (exit status $status)" 2>/dev/null || true
exit "$status"
