#!/usr/bin/env bash
# Runs every test: the API contract's lint (Spectral) and drift check, the front end's lint and format check
# (ESLint, Prettier), its unit tests (Vitest) and the .NET suite, whose integration and browser tests start the real
# AppHost (Postgres, Redis, storage, ffmpeg, Chromium). Set-up included.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"

results="$ROOT/artifacts/test-results"
export VENVID_TEST_LOGS="$results/logs"
export VENVID_TEST_ARTIFACTS="$results"
rm -rf "$results" && mkdir -p "$results"

# Lint and formatting first: any finding fails the run (set -e), before the slower suites start.
say "API contract: Spectral (OpenAPI + OWASP rules) on the built document, web types up to date"
node "$ROOT/tools/openapi/openapi.mjs" check
say "front-end lint (eslint, no warnings allowed)"
(cd "$ROOT/Venvid.Web/ClientApp" && npx eslint --max-warnings=0 .)
say "front-end formatting (prettier --check)"
(cd "$ROOT/Venvid.Web/ClientApp" && npx prettier --check --log-level=warn .)

say "front-end tests (vitest)"
(cd "$ROOT/Venvid.Web/ClientApp" && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/web-junit.xml")

say ".NET tests (xunit, real AppHost)"
set +e
dotnet test "$ROOT/Venvid.Tests" --no-build -c "${VENVID_CONFIGURATION:-Debug}" --nologo \
  --logger "trx;LogFileName=dotnet.trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?
set -e

# One plain summary line over both suites.
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is not None:
        passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
        skipped += int(c.get("notExecuted", 0))
for f in glob.glob(sys.argv[1] + "/*junit.xml"):
    r = ET.parse(f).getroot()
    suites = [r] if r.tag == "testsuite" else r.findall("testsuite")
    for s in suites:
        t, fl, e, sk = (int(s.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
        failed += fl + e; skipped += sk; passed += t - fl - e - sk
# Failures again at the very end, so a truncated log still names them and says why.
for f in glob.glob(sys.argv[1] + "/*.trx"):
    for r in ET.parse(f).getroot().findall(".//{*}UnitTestResult"):
        if r.get("outcome") == "Failed":
            msg = r.find(".//{*}ErrorInfo/{*}Message")
            stack = r.find(".//{*}ErrorInfo/{*}StackTrace")
            print(f"FAILED {r.get('testName')} ({r.get('duration')})")
            for text in (msg, stack):
                if text is not None and text.text:
                    print("  " + "\n  ".join(text.text.strip().splitlines()[:25]))
for f in glob.glob(sys.argv[1] + "/*junit.xml"):
    for case in ET.parse(f).getroot().findall(".//testcase"):
        for bad in list(case.findall("failure")) + list(case.findall("error")):
            print(f"FAILED {case.get('classname')} > {case.get('name')}")
            print("  " + "\n  ".join((bad.get("message") or bad.text or "").strip().splitlines()[:25]))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
