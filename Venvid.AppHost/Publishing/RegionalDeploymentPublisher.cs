using System.Text;
using System.Text.Json;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Venvid.AppHost.Publishing;

/// <summary>
/// Writes the per-region deployment output — Kubernetes manifests and CloudFormation — from the app model, as the
/// pipeline step <see cref="StepName"/>: <c>dotnet run --project Venvid.AppHost -- --publisher venvid-k8s --output-path out</c>.
/// </summary>
public static class RegionalDeploymentPublisher
{
    public const string StepName = "venvid-k8s";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// <c>--publisher venvid-k8s</c> is shorthand for running only this step of the publish pipeline
    /// (<c>--operation publish --step venvid-k8s</c>); every other argument passes through untouched.
    /// </summary>
    public static string[] TranslateArguments(string[] args)
    {
        var index = Array.FindIndex(args, a => a is "--publisher");
        if (index < 0 || index + 1 >= args.Length || args[index + 1] != StepName)
        {
            return args;
        }

        return [.. args[..index], "--operation", "publish", "--step", StepName, .. args[(index + 2)..]];
    }

    public static IDistributedApplicationBuilder AddRegionalDeploymentPublishing(this IDistributedApplicationBuilder builder)
    {
        var options = DeploymentOptions.From(builder.Configuration);
        builder.Pipeline.AddStep(StepName, async context =>
        {
            var output = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
            var written = await PublishAsync(context.Model, context.ExecutionContext, options, output, context.Logger, context.CancellationToken);
            context.Logger.LogInformation("Wrote {Count} deployment files for {Regions} to {Output}",
                written.Count, string.Join(", ", DeploymentRegion.All.Select(r => r.Name)), output);
        }, requiredBy: WellKnownPipelineSteps.Publish);
        return builder;
    }

    /// <summary>Writes <c>{output}/{region}/kubernetes/*.yaml</c>, <c>{output}/{region}/cloudformation/media.json</c> and <c>SECRETS.md</c>.</summary>
    public static async Task<IReadOnlyList<string>> PublishAsync(
        DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, DeploymentOptions options,
        string output, ILogger logger, CancellationToken ct)
    {
        var services = await ServiceModelReader.ReadAsync(model, executionContext, logger, ct);
        var replicated = RegionalWiring.ReplicatedDatabases(model);
        var written = new List<string>();

        foreach (var region in DeploymentRegion.All)
        {
            var regional = services.Select(s => RegionalWiring.ForRegion(s, region, replicated, options)).ToList();
            var kubernetes = Path.Combine(output, region.Name, "kubernetes");
            Directory.CreateDirectory(kubernetes);

            var files = KubernetesManifests.Build(regional, region, options);
            foreach (var file in files)
            {
                written.Add(await WriteAsync(Path.Combine(kubernetes, file.FileName), file.ToYaml(), ct));
            }

            written.Add(await WriteAsync(Path.Combine(kubernetes, "kustomization.yaml"), KubernetesManifests.Kustomization(files, options), ct));

            var template = region.IsPrimary
                ? CloudFormationTemplates.Primary(options, region, DeploymentRegion.All.Where(r => !r.IsPrimary).ToList())
                : CloudFormationTemplates.Secondary(options, region);
            var cloudFormation = Path.Combine(output, region.Name, "cloudformation");
            Directory.CreateDirectory(cloudFormation);
            written.Add(await WriteAsync(Path.Combine(cloudFormation, "media.json"), template.ToJsonString(Indented), ct));

            written.Add(await WriteAsync(Path.Combine(output, region.Name, "SECRETS.md"), SecretsGuide(regional, region, options), ct));
        }

        foreach (var service in services.Where(s => s.Dropped.Count > 0))
        {
            logger.LogInformation("{Service}: left out (local-only or spelled out by parts; the connection strings carry them): {Variables}",
                service.Name, string.Join(", ", service.Dropped));
        }

        return written;
    }

    /// <summary>What the operator creates before applying: every Secret and key the Deployments reference — names only.</summary>
    private static string SecretsGuide(IReadOnlyList<ServiceDescription> services, DeploymentRegion region, DeploymentOptions options)
    {
        var deployed = services.Where(s => region.IsPrimary || s.Deployment.Placement == RegionPlacement.EveryRegion).ToList();
        var references = deployed
            .SelectMany(s => s.Environment.Values.OfType<SecretReference>().Select(r => (Reference: r, Service: s.Name)))
            .GroupBy(x => x.Reference)
            .OrderBy(g => g.Key.SecretName, StringComparer.Ordinal).ThenBy(g => g.Key.Key, StringComparer.Ordinal)
            .ToList();

        var text = new StringBuilder()
            .AppendLine($"# Secrets for {region.Name} ({(region.IsPrimary ? "primary" : "secondary")})")
            .AppendLine()
            .AppendLine($"Create these in namespace `{options.Namespace}` before `kubectl apply -k kubernetes`. The manifests only reference them.")
            .AppendLine()
            .AppendLine("| Secret | key | used by | value |")
            .AppendLine("|---|---|---|---|");
        foreach (var group in references)
        {
            text.AppendLine($"| `{group.Key.SecretName}` | `{group.Key.Key}` | {string.Join(", ", group.Select(x => x.Service).Distinct())} | {Describe(group.Key.Key, region)} |");
        }

        text.AppendLine().AppendLine("```bash");
        foreach (var secret in references.GroupBy(g => g.Key.SecretName))
        {
            text.Append($"kubectl -n {options.Namespace} create secret generic {secret.Key}");
            foreach (var key in secret)
            {
                text.Append($" \\\n  --from-literal={key.Key.Key}=\"$(cat ./{key.Key.Key})\"");
            }

            text.AppendLine();
        }

        return text.AppendLine("```").ToString();
    }

    private static string Describe(string key, DeploymentRegion region) => key switch
    {
        _ when key.EndsWith("-replica", StringComparison.Ordinal) =>
            $"Npgsql connection string of the read replica in {region.Name}",
        "storage" => $"`Bucket=<primary media bucket>;Region={DeploymentRegion.Primary.Name}` (no keys: the pod's IAM role) — uploads always land in the primary bucket",
        _ when !region.IsPrimary && key is "venvid" => $"Npgsql connection string of the primary in {DeploymentRegion.Primary.Name} (writes)",
        "venvid" => "Npgsql connection string of the primary database",
        "redis" => $"Redis in {region.Name} (`host:6379,ssl=true,password=…`)",
        RegionalWiring.OriginSecretKey => "what CloudFront sends the web origin: the primary stack's `OriginSecret` parameter, the same in both regions (`openssl rand -hex 32`)",
        _ => "generate once and share between regions (e.g. `openssl rand -hex 48`)",
    };

    private static async Task<string> WriteAsync(string path, string content, CancellationToken ct)
    {
        await File.WriteAllTextAsync(path, content, ct);
        return path;
    }
}
