#!/usr/bin/env bash
# Transcoding benchmark (not a test): builds in Release and prints the table; --readme updates bench/README.md.
#   bench/transcode/run.sh [--seconds 60] [--repeat 1] [--no-readme]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
args=(--readme "$HERE/../README.md")
for a in "$@"; do
  if [ "$a" = "--no-readme" ]; then args=(); fi
done
passthrough=()
for a in "$@"; do [ "$a" = "--no-readme" ] || passthrough+=("$a"); done

flock /tmp/venvid-build.lock dotnet build "$HERE/Venvid.Bench.Transcode.csproj" -c Release -v q -clp:ErrorsOnly -nologo
dotnet "$HERE/bin/Release/net10.0/Venvid.Bench.Transcode.dll" "${args[@]}" "${passthrough[@]}"
