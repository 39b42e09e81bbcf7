using System.Globalization;
using k8s;
using k8s.Models;

namespace Venvid.AppHost.Publishing;

/// <summary>One YAML file of a region's output: its name and the objects it holds, in apply order.</summary>
public sealed record ManifestFile(string FileName, IReadOnlyList<IKubernetesObject> Objects)
{
    public string ToYaml() => string.Join("---\n", Objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));
}

/// <summary>
/// The Kubernetes objects of one region, built from the services of the app model: per service a ConfigMap, a
/// Deployment (resources, probes, Secret references), a Service, a HorizontalPodAutoscaler, a PodDisruptionBudget,
/// and an Ingress for the externally reachable ones.
/// </summary>
public static class KubernetesManifests
{
    public const string ConnectionStringsAnnotation = "venvid.io/connection-strings";
    public const string SecretsAnnotation = "venvid.io/secrets";
    public const string RegionLabel = "venvid.io/region";

    public static IReadOnlyList<ManifestFile> Build(IReadOnlyList<ServiceDescription> services, DeploymentRegion region, DeploymentOptions options)
    {
        var files = new List<ManifestFile>
        {
            new("namespace.yaml", [new V1Namespace
            {
                ApiVersion = "v1",
                Kind = "Namespace",
                Metadata = new V1ObjectMeta { Name = options.Namespace, Labels = new Dictionary<string, string> { [RegionLabel] = region.Name } },
            }]),
        };

        var deployed = services.Where(s => region.IsPrimary || s.Deployment.Placement == RegionPlacement.EveryRegion).ToList();
        foreach (var service in deployed)
        {
            var objects = ServiceObjects(service, region, options);
            if (!service.IsExternal)
            {
                objects.Add(OnlyFromClients(service, deployed, region, options));
            }

            files.Add(new ManifestFile($"{service.Name}.yaml", objects));
        }

        return files;
    }

    /// <summary>A kustomization listing the files, so <c>kubectl apply -k</c> applies the region in one go.</summary>
    public static string Kustomization(IReadOnlyList<ManifestFile> files, DeploymentOptions options) =>
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" +
        $"namespace: {options.Namespace}\nresources:\n" +
        string.Concat(files.Select(f => $"- {f.FileName}\n"));

    private static List<IKubernetesObject> ServiceObjects(ServiceDescription service, DeploymentRegion region, DeploymentOptions options)
    {
        var labels = Labels(service, region);
        var selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = service.Name };
        var configMapName = $"{service.Name}-config";
        var config = service.Environment.Where(e => e.Value is ConfigValue).ToDictionary(e => e.Key, e => ((ConfigValue)e.Value).Value);
        var secrets = service.Environment.Where(e => e.Value is SecretReference).ToDictionary(e => e.Key, e => (SecretReference)e.Value);

        var objects = new List<IKubernetesObject>
        {
            new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = Meta(configMapName, options, labels, new Dictionary<string, string>
                {
                    [ConnectionStringsAnnotation] = string.Join(',', service.ConnectionStrings),
                    [SecretsAnnotation] = string.Join(',', secrets.Values.Select(s => s.SecretName).Distinct().Order(StringComparer.Ordinal)),
                }),
                Data = new SortedDictionary<string, string>(config, StringComparer.Ordinal),
            },
            Deployment(service, options, labels, selector, configMapName, secrets),
            new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = Meta(service.Name, options, labels),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    Selector = selector,
                    Ports = [new V1ServicePort { Name = ServiceDescription.PortName, Port = ServiceDescription.ServicePort, TargetPort = ServiceDescription.PortName, Protocol = "TCP" }],
                },
            },
            new V2HorizontalPodAutoscaler
            {
                ApiVersion = "autoscaling/v2",
                Kind = "HorizontalPodAutoscaler",
                Metadata = Meta(service.Name, options, labels),
                Spec = new V2HorizontalPodAutoscalerSpec
                {
                    ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = service.Name },
                    MinReplicas = service.Deployment.MinReplicas,
                    MaxReplicas = service.Deployment.MaxReplicas,
                    Metrics =
                    [
                        new V2MetricSpec
                        {
                            Type = "Resource",
                            Resource = new V2ResourceMetricSource
                            {
                                Name = "cpu",
                                Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = service.Deployment.TargetCpuPercent },
                            },
                        },
                    ],
                },
            },
            new V1PodDisruptionBudget
            {
                ApiVersion = "policy/v1",
                Kind = "PodDisruptionBudget",
                Metadata = Meta(service.Name, options, labels),
                // One pod at a time, never all: with a single replica a node drain still proceeds.
                Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = new V1LabelSelector { MatchLabels = selector } },
            },
        };

        if (service.IsExternal)
        {
            objects.Add(Ingress(service, region, options, labels));
        }

        return objects;
    }

    /// <summary>
    /// An internal service accepts connections only from the pods of the services that reference it (the API: web and
    /// worker), so nothing else in the cluster can name a client address to it or reach its endpoints.
    /// </summary>
    private static V1NetworkPolicy OnlyFromClients(ServiceDescription service, IReadOnlyList<ServiceDescription> deployed, DeploymentRegion region, DeploymentOptions options)
    {
        var clients = deployed
            .Where(s => s.Environment.Keys.Any(k => k.StartsWith($"services__{service.Name}__", StringComparison.Ordinal)))
            .Select(s => s.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = Meta(service.Name, options, Labels(service, region)),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = service.Name } },
                PolicyTypes = ["Ingress"],
                Ingress = clients.Count == 0 ? [] :
                [
                    new V1NetworkPolicyIngressRule
                    {
                        FromProperty =
                        [
                            new V1NetworkPolicyPeer
                            {
                                PodSelector = new V1LabelSelector
                                {
                                    MatchExpressions = [new V1LabelSelectorRequirement { Key = "app.kubernetes.io/name", OperatorProperty = "In", Values = clients }],
                                },
                            },
                        ],
                        Ports = [new V1NetworkPolicyPort { Port = ServiceDescription.PortName, Protocol = "TCP" }],
                    },
                ],
            },
        };
    }

    private static V1Deployment Deployment(
        ServiceDescription service, DeploymentOptions options, Dictionary<string, string> labels, Dictionary<string, string> selector,
        string configMapName, Dictionary<string, SecretReference> secrets)
    {
        var d = service.Deployment;
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Meta(service.Name, options, labels),
            Spec = new V1DeploymentSpec
            {
                Replicas = d.MinReplicas,
                Selector = new V1LabelSelector { MatchLabels = selector },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        TerminationGracePeriodSeconds = 60,
                        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true },
                        TopologySpreadConstraints =
                        [
                            new V1TopologySpreadConstraint
                            {
                                MaxSkew = 1,
                                TopologyKey = "topology.kubernetes.io/zone",
                                WhenUnsatisfiable = "ScheduleAnyway",
                                LabelSelector = new V1LabelSelector { MatchLabels = selector },
                            },
                        ],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = service.Name,
                                Image = options.Image(service.Name),
                                Ports = [new V1ContainerPort { Name = ServiceDescription.PortName, ContainerPort = ServiceDescription.ContainerPort, Protocol = "TCP" }],
                                EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = configMapName } }],
                                Env = secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new V1EnvVar
                                {
                                    Name = s.Key,
                                    ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = s.Value.SecretName, Key = s.Value.Key } },
                                }).ToList(),
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = Quantities(d.CpuRequest, d.MemoryRequest),
                                    Limits = Quantities(d.CpuLimit, d.MemoryLimit),
                                },
                                ReadinessProbe = Probe(service.Readiness),
                                LivenessProbe = Probe(service.Liveness),
                                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false },
                            },
                        ],
                    },
                },
            },
        };
    }

    private static V1Ingress Ingress(ServiceDescription service, DeploymentRegion region, DeploymentOptions options, Dictionary<string, string> labels)
    {
        // The regional name for direct checks, and the shared latency-routed name CloudFront's web origin uses.
        string[] hosts = [options.OriginHost(region), options.OriginDomain];
        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = Meta(service.Name, options, labels, new Dictionary<string, string>
            {
                // AWS Load Balancer Controller: finds the ACM certificate for the hosts itself.
                ["alb.ingress.kubernetes.io/scheme"] = "internet-facing",
                ["alb.ingress.kubernetes.io/target-type"] = "ip",
                ["alb.ingress.kubernetes.io/listen-ports"] = "[{\"HTTPS\":443}]",
                ["alb.ingress.kubernetes.io/healthcheck-path"] = service.Readiness.Path,
            }),
            Spec = new V1IngressSpec
            {
                IngressClassName = options.IngressClass,
                Tls = [new V1IngressTLS { Hosts = hosts }],
                Rules = hosts.Select(host => new V1IngressRule
                {
                    Host = host,
                    Http = new V1HTTPIngressRuleValue
                    {
                        Paths =
                        [
                            new V1HTTPIngressPath
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new V1IngressBackend
                                {
                                    Service = new V1IngressServiceBackend { Name = service.Name, Port = new V1ServiceBackendPort { Name = ServiceDescription.PortName } },
                                },
                            },
                        ],
                    },
                }).ToList(),
            },
        };
    }

    private static V1Probe Probe(HttpProbe probe) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = probe.Path, Port = ServiceDescription.PortName },
        InitialDelaySeconds = probe.InitialDelaySeconds,
        PeriodSeconds = probe.PeriodSeconds,
        TimeoutSeconds = probe.TimeoutSeconds,
        FailureThreshold = probe.FailureThreshold,
    };

    private static Dictionary<string, ResourceQuantity> Quantities(int milliCpu, int memoryMiB) => new()
    {
        ["cpu"] = new ResourceQuantity(milliCpu.ToString(CultureInfo.InvariantCulture) + "m"),
        ["memory"] = new ResourceQuantity(memoryMiB.ToString(CultureInfo.InvariantCulture) + "Mi"),
    };

    private static Dictionary<string, string> Labels(ServiceDescription service, DeploymentRegion region) => new()
    {
        ["app.kubernetes.io/name"] = service.Name,
        ["app.kubernetes.io/part-of"] = "venvid",
        [RegionLabel] = region.Name,
    };

    private static V1ObjectMeta Meta(string name, DeploymentOptions options, Dictionary<string, string> labels, IDictionary<string, string>? annotations = null) => new()
    {
        Name = name,
        NamespaceProperty = options.Namespace,
        Labels = labels,
        Annotations = annotations,
    };
}
