using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Venvid.AppHost.Publishing;

namespace Venvid.Tests.Deployment;

/// <summary>
/// Runs the real AppHost's publish commands once — <c>--publisher venvid-k8s</c> and <c>--publisher manifest</c> —
/// into a temporary folder, with canary values for every secret so tests can prove none is written out, and parses
/// everything back with the same libraries that wrote it (strictly: a field Kubernetes does not know fails).
/// </summary>
public sealed class PublishedDeployment : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(3);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "venvid-publish-" + Guid.NewGuid().ToString("n")[..8]);

    /// <summary>Secret values handed to the AppHost; none may appear in any published file.</summary>
    public IReadOnlyDictionary<string, string> Canaries { get; } = new Dictionary<string, string>
    {
        ["Parameters:jwt-signing-key"] = Canary("jwt"),
        ["Parameters:worker-service-key"] = Canary("worker"),
        ["Parameters:postgres-password"] = Canary("postgres"),
        ["Parameters:redis-password"] = Canary("redis"),
        ["ConnectionStrings:storage"] = $"Bucket=media;Region=ca-central-1;SecretKey={Canary("storage")}",
    };

    public string RegionalOutput => Path.Combine(Root, "regional");
    public string ManifestOutput => Path.Combine(Root, "manifest");

    /// <summary>Every Kubernetes object per region, parsed back by KubernetesClient.</summary>
    public Dictionary<string, List<IKubernetesObject>> Objects { get; } = [];

    public Dictionary<string, JsonObject> CloudFormation { get; } = [];

    public async Task InitializeAsync()
    {
        await PublishAsync(["--publisher", RegionalDeploymentPublisher.StepName, "--output-path", RegionalOutput]);
        await PublishAsync(["--publisher", "manifest", "--output-path", ManifestOutput]);

        foreach (var region in DeploymentRegion.All)
        {
            var objects = new List<IKubernetesObject>();
            foreach (var file in Directory.GetFiles(Path.Combine(RegionalOutput, region.Name, "kubernetes"), "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)))
            {
                objects.AddRange(KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file), strict: true).Cast<IKubernetesObject>());
            }

            Objects[region.Name] = objects;
            CloudFormation[region.Name] = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RegionalOutput, region.Name, "cloudformation", "media.json")))!.AsObject();
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    public IEnumerable<T> Of<T>(string region) => Objects[region].OfType<T>();

    public V1Deployment Deployment(string region, string name) => Of<V1Deployment>(region).Single(d => d.Metadata.Name == name);

    /// <summary>The AppHost as operators run it (its own assembly, outside any test host), in publish mode.</summary>
    private async Task PublishAsync(string[] arguments)
    {
        var appHost = typeof(RegionalDeploymentPublisher).Assembly.Location;
        var startInfo = new ProcessStartInfo("dotnet", [appHost, .. arguments, .. Canaries.Select(c => $"--{c.Key}={c.Value}")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appHost)!,
        };
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Publishing ({string.Join(' ', arguments)}) did not finish within {PublishTimeout}.");
        }

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"Publishing ({string.Join(' ', arguments)}) exited with {process.ExitCode}:\n{output}");
    }

    private static string Canary(string name) => $"canary-{name}-{Guid.NewGuid():n}";
}
