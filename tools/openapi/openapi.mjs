// The API's OpenAPI document, as the API's build writes it (artifacts/openapi/Venvid.ApiService.json), checked and used:
//   node openapi.mjs write   regenerate the web app's API types from it (scripts/openapi.sh builds the API first)
//   node openapi.mjs check   lint it with Spectral (OpenAPI + OWASP rules: no finding allowed) and fail when the
//                            checked-in types differ from what the document generates
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const documentPath = join(root, 'artifacts', 'openapi', 'Venvid.ApiService.json');
const typesPath = join(root, 'Venvid.Web', 'ClientApp', 'src', 'types', 'api.generated.ts');
const header = `// Generated from the API's OpenAPI document by tools/openapi (run scripts/openapi.sh). Do not edit.\n\n`;

async function generate() {
  if (!existsSync(documentPath)) {
    throw new Error(`${relative(root, documentPath)} is missing: build Venvid.ApiService first (it writes the document).`);
  }
  const ast = await openapiTS(pathToFileURL(documentPath), { exportType: false, alphabetize: true });
  return header + astToString(ast);
}

function lint() {
  const spectral = join(here, 'node_modules', '.bin', 'spectral');
  const run = spawnSync(spectral, ['lint', documentPath, '--ruleset', join(here, '.spectral.yaml'), '--format', 'json', '--quiet'], {
    encoding: 'utf8',
  });
  let findings;
  try {
    findings = JSON.parse(run.stdout || '[]');
  } catch {
    throw new Error(`Spectral failed: ${run.stderr || run.stdout}`);
  }
  const severities = ['error', 'warning', 'information', 'hint'];
  for (const f of findings) {
    console.error(`${severities[f.severity] ?? f.severity} ${f.code} #/${f.path.join('/')}: ${f.message}`);
  }
  const counts = severities.map((s, i) => `${findings.filter((f) => f.severity === i).length} ${s}s`).join(', ');
  console.log(`Spectral (spectral:oas + OWASP API Security 2023): ${counts}`);
  return findings.length === 0;
}

const command = process.argv[2];
if (command === 'write') {
  writeFileSync(typesPath, await generate());
  console.log(`wrote ${relative(root, typesPath)}`);
} else if (command === 'check') {
  const clean = lint();
  const current = existsSync(typesPath) ? readFileSync(typesPath, 'utf8') : '';
  const fresh = current === (await generate());
  console.log(fresh ? 'Web API types match the document.' : `${relative(root, typesPath)} is out of date: run scripts/openapi.sh and commit it.`);
  process.exit(clean && fresh ? 0 : 1);
} else {
  console.error('usage: node openapi.mjs write|check');
  process.exit(2);
}
