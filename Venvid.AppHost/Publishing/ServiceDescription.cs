using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace Venvid.AppHost.Publishing;

/// <summary>An environment variable as deployed: a plain setting (ConfigMap) or a reference to a Secret key.</summary>
public abstract record DeployedValue;

public sealed record ConfigValue(string Value) : DeployedValue;

public sealed record SecretReference(string SecretName, string Key) : DeployedValue;

public sealed record HttpProbe(string Path, int InitialDelaySeconds, int PeriodSeconds, int TimeoutSeconds, int FailureThreshold);

/// <summary>One project of the app model, translated into what a cluster needs to run it.</summary>
public sealed record ServiceDescription(
    string Name,
    bool IsExternal,
    IReadOnlyDictionary<string, DeployedValue> Environment,
    IReadOnlyList<string> ConnectionStrings,
    HttpProbe Readiness,
    HttpProbe Liveness,
    DeploymentAnnotation Deployment,
    IReadOnlyList<string> Dropped)
{
    /// <summary>The port every service listens on in the cluster (plain HTTP: TLS ends at the load balancer).</summary>
    public const int ContainerPort = 8080;

    /// <summary>Services are reached on port 80 by their name, e.g. <c>http://api</c>.</summary>
    public const int ServicePort = 80;

    public const string PortName = "http";
}

/// <summary>
/// Reads the project resources of a (publish-mode) app model: endpoints, environment, references, parameters, probes.
/// Values become cluster values by their manifest expression — <c>{api.bindings.http.url}</c> is <c>http://api</c>,
/// <c>{venvid.connectionString}</c> a key of the connection-strings Secret, a secret parameter a key of the
/// parameters Secret. Secret values are never read.
/// </summary>
public static partial class ServiceModelReader
{
    /// <summary>Secret holding every connection string, one key per connection-string name.</summary>
    public const string ConnectionStringsSecret = "venvid-connection-strings";

    /// <summary>Secret holding every secret parameter (signing keys, service keys), one key per parameter name.</summary>
    public const string ParametersSecret = "venvid-parameters";

    private const string ConnectionStringPrefix = "ConnectionStrings__";

    public static async Task<IReadOnlyList<ServiceDescription>> ReadAsync(
        DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, ILogger logger, CancellationToken ct)
    {
        var services = new List<ServiceDescription>();
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            services.Add(await DescribeAsync(project, model, executionContext, logger, ct));
        }

        return services;
    }

    private static async Task<ServiceDescription> DescribeAsync(
        ProjectResource project, DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, ILogger logger, CancellationToken ct)
    {
        var gathered = new Dictionary<string, object>(StringComparer.Ordinal);
        if (project.TryGetEnvironmentVariables(out var callbacks))
        {
            var context = new EnvironmentCallbackContext(executionContext, project, gathered, ct);
            foreach (var callback in callbacks)
            {
                await callback.Callback(context);
            }
        }

        // A reference also spells the connection out by parts (VENVID_HOST, REDIS_URI…) for non-.NET services;
        // .NET services read ConnectionStrings__*, and the parts would repeat secrets outside the Secret.
        var partPrefixes = gathered.Keys
            .Where(k => k.StartsWith(ConnectionStringPrefix, StringComparison.Ordinal))
            .Select(k => k[ConnectionStringPrefix.Length..].Replace('-', '_').ToUpperInvariant() + "_")
            .ToList();

        var environment = new SortedDictionary<string, DeployedValue>(StringComparer.Ordinal);
        var dropped = new List<string>();
        foreach (var (name, value) in gathered)
        {
            var deployed = partPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) ? null : Translate(value, model);
            if (deployed is null)
            {
                dropped.Add(name);
                logger.LogDebug("{Service}: {Variable} has no cluster equivalent and is left out", project.Name, name);
            }
            else
            {
                environment[name] = deployed;
            }
        }

        var connectionStrings = environment.Values.OfType<SecretReference>()
            .Where(s => s.SecretName == ConnectionStringsSecret)
            .Select(s => s.Key)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        var external = project.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal);
        var probes = project.Annotations.OfType<EndpointProbeAnnotation>().ToList();

        return new ServiceDescription(
            project.Name,
            external,
            environment,
            connectionStrings,
            Probe(probes, ProbeType.Readiness) ?? new HttpProbe("/health", 5, 10, 3, 3),
            Probe(probes, ProbeType.Liveness) ?? new HttpProbe("/alive", 10, 20, 3, 3),
            project.Annotations.OfType<DeploymentAnnotation>().LastOrDefault() ?? DeploymentAnnotation.Default,
            dropped);
    }

    private static HttpProbe? Probe(List<EndpointProbeAnnotation> probes, ProbeType type) =>
        probes.LastOrDefault(p => p.Type == type) is { } p
            ? new HttpProbe(p.Path, p.InitialDelaySeconds, p.PeriodSeconds, p.TimeoutSeconds, p.FailureThreshold)
            : null;

    /// <summary>The cluster form of one environment value, or null when it only makes sense locally.</summary>
    internal static DeployedValue? Translate(object value, DistributedApplicationModel model)
    {
        if (value is string literal)
        {
            return new ConfigValue(literal);
        }

        if (value is not IManifestExpressionProvider provider)
        {
            return null;
        }

        var expression = provider.ValueExpression;
        var placeholders = Placeholder().Matches(expression);
        if (placeholders.Count == 1 && placeholders[0].Value == expression)
        {
            var whole = ResolveWhole(placeholders[0].Groups[1].Value, model);
            if (whole is not null)
            {
                return whole;
            }
        }

        // A composite value (a URL, a connection string spelled out by parts) is kept only when every part is plain.
        var resolved = Placeholder().Replace(expression, match => ResolvePlain(match.Groups[1].Value, model) ?? "\0");
        return resolved.Contains('\0', StringComparison.Ordinal) ? null : new ConfigValue(resolved);
    }

    private static DeployedValue? ResolveWhole(string path, DistributedApplicationModel model)
    {
        var (resourceName, property) = Split(path);
        var resource = model.Resources.FirstOrDefault(r => r.Name == resourceName);
        return (resource, property) switch
        {
            (IResourceWithConnectionString, "connectionString") => new SecretReference(ConnectionStringsSecret, resourceName),
            (ParameterResource { Secret: true }, "value") => new SecretReference(ParametersSecret, resourceName),
            _ => ResolvePlain(path, model) is { } plain ? new ConfigValue(plain) : null,
        };
    }

    /// <summary>Endpoint properties of projects (in-cluster Service names) and non-secret literals; null for anything else.</summary>
    private static string? ResolvePlain(string path, DistributedApplicationModel model)
    {
        var (resourceName, property) = Split(path);
        var resource = model.Resources.FirstOrDefault(r => r.Name == resourceName);
        if (resource is not ProjectResource)
        {
            return null;
        }

        // {api.bindings.http.url}: only the plain-HTTP endpoint exists in the cluster.
        var parts = property.Split('.');
        if (parts is not ["bindings", ServiceDescription.PortName, var endpointProperty])
        {
            return null;
        }

        return endpointProperty switch
        {
            "url" => $"http://{resourceName}",
            "host" => resourceName,
            "port" => ServiceDescription.ServicePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "targetPort" => ServiceDescription.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "scheme" => "http",
            _ => null,
        };
    }

    private static (string Resource, string Property) Split(string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (path, "") : (path[..dot], path[(dot + 1)..]);
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Placeholder();
}
