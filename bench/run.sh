#!/usr/bin/env bash
# Venvid benchmarks (issue 7): one command, one table of ratios against baselines measured in the same run.
#   bench/run.sh                          detail views list upload coldstart transcode (transcode on a 20 s clip)
#   bench/run.sh detail views             only those; names: detail views list upload coldstart community delivery transcode
#   bench/run.sh coldstart --with-tests   also the test suite's wall time (minutes)
# Environment: BENCH_UPLOAD_MB (1024), BENCH_UPLOAD_PARALLEL (4), BENCH_WRK_SECONDS (10), BENCH_WRK_CONNECTIONS (32),
#   BENCH_WRK_THREADS (2), BENCH_SEED_VIDEOS (5000), BENCH_TRANSCODE_SECONDS (60 when named, 20 in the default run).
# Runs builds and benchmarks under /tmp/venvid-build.lock (shared with other engineers' builds and tests); it takes
# the lock itself unless an ancestor process (e.g. `flock /tmp/venvid-build.lock bench/run.sh`) already holds it.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
LOCK=/tmp/venvid-build.lock

# --- the shared lock ----------------------------------------------------------------------------------------------
lock_held_by_ancestor() {
  [ -e "$LOCK" ] || return 1
  local inode holders pid
  inode=$(stat -c %i "$LOCK")
  # Holders only ("N: FLOCK ADVISORY WRITE pid maj:min:inode ..."); waiters are listed with "->" and shifted fields.
  holders=$(awk -v ino=":$inode\$" '$2 == "FLOCK" && $6 ~ ino { print $5 }' /proc/locks 2>/dev/null)
  [ -n "$holders" ] || return 1
  pid=$$
  while [ "$pid" -gt 1 ]; do
    for h in $holders; do [ "$h" = "$pid" ] && return 0; done
    pid=$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null || echo 1)
  done
  return 1
}
if [ -z "${VENVID_BENCH_LOCKED:-}" ] && ! lock_held_by_ancestor; then
  echo "[bench] waiting for $LOCK ..."
  exec env VENVID_BENCH_LOCKED=1 flock "$LOCK" "$0" "$@"
fi
export VENVID_BENCH_LOCKED=1
# Scripts called from here (bench/transcode/run.sh) take the same lock for their builds: we hold it already, so a
# `flock` on PATH that just runs its command keeps them from waiting on us forever.
shim="$(mktemp -d)"
trap 'rm -rf "$shim"' EXIT
printf '#!/bin/sh\n# bench/run.sh already holds the lock\nshift\nexec "$@"\n' >"$shim/flock" && chmod +x "$shim/flock"

# --- arguments ----------------------------------------------------------------------------------------------------
names=(); extra=()
for a in "$@"; do
  case "$a" in
    --*) extra+=("$a") ;;
    *) names+=("$a") ;;
  esac
done
default_run=0
if [ "${#names[@]}" -eq 0 ]; then names=(detail views list upload coldstart transcode); default_run=1; fi
harness=(); transcode=0
for n in "${names[@]}"; do
  case "$n" in
    transcode) transcode=1 ;;
    detail|view|views|list|upload|coldstart|community|delivery|search) harness+=("$n") ;;
    *) echo "unknown benchmark '$n' (detail views list upload coldstart community delivery search transcode)" >&2; exit 2 ;;
  esac
done

# --- wrk ----------------------------------------------------------------------------------------------------------
if [ "${#harness[@]}" -gt 0 ] && ! command -v wrk >/dev/null; then
  echo "[bench] installing wrk (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq --no-install-recommends wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
  else sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null; fi
fi

# --- Lighthouse (benchmark 8) --------------------------------------------------------------------------------------
for n in "${harness[@]}"; do
  if [ "$n" = delivery ]; then
    echo "[bench] installing Lighthouse 12.2.3 (npm ci in bench/lighthouse)"
    (cd "$HERE/lighthouse" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# --- build (Release) ----------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$HERE/results"
rows="$HERE/results/latest.tsv"
: >"$rows"
echo "[bench] building bench/Venvid.Bench and bench/BareKestrel (Release)"
dotnet build "$HERE/BareKestrel" -c Release -v q -clp:ErrorsOnly -nologo
dotnet build "$HERE/Venvid.Bench" -c Release -v q -clp:ErrorsOnly -nologo
if [ "${#harness[@]}" -gt 0 ]; then
  status=0
  dotnet "$HERE/Venvid.Bench/bin/Release/net10.0/Venvid.Bench.dll" "${harness[@]}" "${extra[@]}" --rows "$rows" || status=$?
  [ "$status" -eq 0 ] || echo "[bench] the harness reported failures (exit $status); their rows say why"
fi

# --- benchmark 4: transcoding, from bench/transcode (another engineer's harness) ----------------------------------
if [ "$transcode" -eq 1 ]; then
  if [ -x "$HERE/transcode/run.sh" ]; then
    seconds="${BENCH_TRANSCODE_SECONDS:-$([ "$default_run" -eq 1 ] && echo 20 || echo 60)}"
    echo "[bench] transcoding: bench/transcode/run.sh --seconds $seconds --no-readme"
    out="$HERE/results/transcode.txt"
    if PATH="$shim:$PATH" "$HERE/transcode/run.sh" --seconds "$seconds" --no-readme | tee "$out"; then
      # Its table: | measure | pipeline | comparison | ratio | goal |  →  our columns (met? derived from goal and ratio).
      awk -F'|' -v s="$seconds" '
        /^\| measure \|/ || /^\|---/ { next }
        /^\|/ && NF >= 7 {
          for (i = 2; i <= 6; i++) { gsub(/^ +| +$/, "", $i) }
          printf "4 transcode\t%s (%s s 1080p clip)\t%s\t%s\t%s\t%s\t\n", $2, s, $4, $3, $5, ($6 == "—" ? "—" : $6)
        }' "$out" >>"$rows"
    else
      printf '4 transcode\tbench/transcode/run.sh failed\t—\tsee bench/results/transcode.txt\t—\t—\tno\n' >>"$rows"
    fi
  else
    printf '4 transcode\ttranscode: see bench/transcode (not present in this checkout)\t—\t—\t—\t—\t—\n' >>"$rows"
  fi
fi

# --- the table ----------------------------------------------------------------------------------------------------
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)); ratios are against baselines measured in the same run."
echo
dotnet "$HERE/Venvid.Bench/bin/Release/net10.0/Venvid.Bench.dll" --print "$rows" | tee "$HERE/results/latest.md"
