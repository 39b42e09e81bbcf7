// Validates every object in the given YAML files against the schema of its apiVersion and kind, as compiled from the
// official Kubernetes OpenAPI document by kubernetes-models. Prints one line per problem; exits 1 when there is any.
// Unknown fields are the strict parse's job (KubernetesClient, in the deployment tests): these schemas allow them.
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";

const problems = [];
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(await readFile(file, "utf8"))) {
    const object = document.toJS();
    if (object == null) continue;
    const where = `${file}: ${object.kind ?? "?"} ${object.metadata?.name ?? "?"}`;
    const schema = schemaName(object.apiVersion, object.kind);
    if (schema === null) {
      problems.push(`${where}: no apiVersion/kind`);
      continue;
    }

    let validate;
    try {
      ({ validate } = await import(`kubernetes-models/_schemas/${schema}`));
    } catch {
      problems.push(`${where}: ${object.apiVersion} ${object.kind} is not a Kubernetes API type`);
      continue;
    }

    checked++;
    if (!validate(object)) {
      for (const error of validate.errors) {
        problems.push(`${where}: ${error.instancePath || "/"} ${error.keyword} ${JSON.stringify(error.params)}`);
      }
    }
  }
}

for (const problem of problems) console.log(problem);
console.log(`${checked} object(s) checked, ${problems.length} problem(s)`);
process.exit(problems.length === 0 && checked > 0 ? 0 : 1);

// "apps/v1" + "Deployment" -> IoK8sApiAppsV1Deployment; "v1" is the core group; "rbac.authorization.k8s.io" -> Rbac.
function schemaName(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") return null;
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  const pascal = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  return `IoK8sApi${pascal(group.split(".")[0])}${pascal(version)}${kind}`;
}
