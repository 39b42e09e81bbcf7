#!/usr/bin/env bash
# Regenerates the web app's API types (Venvid.Web/ClientApp/src/types/api.generated.ts) from the OpenAPI document the
# API's build writes (artifacts/openapi/Venvid.ApiService.json), then lints the document. Run it after changing the API.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f tools/openapi/node_modules/.package-lock.json ] || (cd tools/openapi && npm ci --no-audit --no-fund --loglevel=error)
dotnet build Venvid.ApiService -nologo -v quiet -clp:ErrorsOnly
node tools/openapi/openapi.mjs write
node tools/openapi/openapi.mjs check
