using System.Globalization;
using k8s;
using k8s.Models;
using Venvid.AppHost.Infrastructure;

namespace Venvid.AppHost.Publishing;

/// <summary>
/// One YAML file of a region's output: its name and the objects it holds, in apply order. A file applied
/// <paramref name="BeforeRollout"/> (the migration Job) is left out of the kustomization: it is applied and waited
/// for first.
/// </summary>
public sealed record ManifestFile(string FileName, IReadOnlyList<IKubernetesObject> Objects, bool BeforeRollout = false)
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
                Metadata = new V1ObjectMeta
                {
                    Name = options.Namespace,
                    Labels = new Dictionary<string, string>
                    {
                        [RegionLabel] = region.Name,
                        // Pod Security Admission: anything less than "restricted" is refused, not just reported.
                        ["pod-security.kubernetes.io/enforce"] = "restricted",
                        ["pod-security.kubernetes.io/enforce-version"] = "latest",
                        ["pod-security.kubernetes.io/audit"] = "restricted",
                        ["pod-security.kubernetes.io/warn"] = "restricted",
                    },
                },
            }, DefaultDeny(options, region)]),
        };

        var deployed = services.Where(s => region.IsPrimary || s.Deployment.Placement == RegionPlacement.EveryRegion).ToList();
        var migrations = new List<ManifestFile>();
        foreach (var service in deployed)
        {
            var objects = ServiceObjects(service, region, options);
            objects.Add(Traffic(service, deployed, region, options));
            if (service.Deployment.MigrationCommand is not null && region.IsPrimary)
            {
                migrations.Add(new ManifestFile($"{service.Name}-migrate.yaml", [MigrationJob(service, region, options)], BeforeRollout: true));
            }

            files.Add(new ManifestFile($"{service.Name}.yaml", objects));
        }

        return [files[0], .. migrations, .. files.Skip(1)];
    }

    /// <summary>A kustomization listing the files, so <c>kubectl apply -k</c> applies the region in one go.</summary>
    public static string Kustomization(IReadOnlyList<ManifestFile> files, DeploymentOptions options) =>
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" +
        $"namespace: {options.Namespace}\nresources:\n" +
        string.Concat(files.Where(f => !f.BeforeRollout).Select(f => $"- {f.FileName}\n"));

    private static List<IKubernetesObject> ServiceObjects(ServiceDescription service, DeploymentRegion region, DeploymentOptions options)
    {
        var labels = Labels(service, region);
        var selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = service.Name };
        var configMapName = $"{service.Name}-config";
        var config = service.Environment.Where(e => e.Value is ConfigValue).ToDictionary(e => e.Key, e => ((ConfigValue)e.Value).Value);
        if (service.Deployment.MigrationCommand is not null)
        {
            // The migration Job changes the schema; the pods only check it.
            config[MigrateOnStartVariable] = "false";
        }
        var secrets = service.Environment.Where(e => e.Value is SecretReference).ToDictionary(e => e.Key, e => (SecretReference)e.Value);

        if (service.Deployment.MinReplicas < 2)
        {
            throw new InvalidOperationException(
                $"{service.Name}: at least 2 replicas, so a node drain (one pod at a time) never leaves none; it has {service.Deployment.MinReplicas}.");
        }

        var objects = new List<IKubernetesObject>
        {
            new V1ServiceAccount
            {
                ApiVersion = "v1",
                Kind = "ServiceAccount",
                Metadata = Meta(service.Name, options, labels, new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = options.RoleArn(service.Name, region) }),
                AutomountServiceAccountToken = false,
            },
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
                // One pod at a time: a drain always proceeds (one can go), and with at least two replicas (checked
                // above) one is always left.
                Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = new V1LabelSelector { MatchLabels = selector } },
            },
        };

        if (service.IsExternal)
        {
            objects.Add(Ingress(service, region, options, labels));
        }

        return objects;
    }

    /// <summary>Nothing in the namespace talks to anything, in or out, unless a service's own policy says so.</summary>
    private static V1NetworkPolicy DefaultDeny(DeploymentOptions options, DeploymentRegion region) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = "default-deny", NamespaceProperty = options.Namespace, Labels = new Dictionary<string, string> { [RegionLabel] = region.Name } },
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress", "Egress"] },
    };

    /// <summary>
    /// What one service may receive and send. In: the web edge from anywhere (the load balancer's targets are pod
    /// IPs) on its port; an internal service only from the pods of the services that reference it (the API: web and
    /// worker), so nothing else in the cluster can name a client address to it. Out: DNS, and only what its references
    /// need — the API it calls, Postgres and Redis in the data subnets, HTTPS (S3, and STS for its IAM role).
    /// </summary>
    private static V1NetworkPolicy Traffic(ServiceDescription service, IReadOnlyList<ServiceDescription> deployed, DeploymentRegion region, DeploymentOptions options)
    {
        var clients = deployed
            .Where(s => s.Environment.Keys.Any(k => k.StartsWith($"services__{service.Name}__", StringComparison.Ordinal)))
            .Select(s => s.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        var calls = deployed
            .Where(s => service.Environment.Keys.Any(k => k.StartsWith($"services__{s.Name}__", StringComparison.Ordinal)))
            .Select(s => s.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        var servicePort = new V1NetworkPolicyPort { Port = ServiceDescription.PortName, Protocol = "TCP" };
        var ingress = service.IsExternal
            ? [new V1NetworkPolicyIngressRule { Ports = [servicePort] }]
            : clients.Count == 0 ? new List<V1NetworkPolicyIngressRule>() :
            [
                new V1NetworkPolicyIngressRule
                {
                    FromProperty = [new V1NetworkPolicyPeer { PodSelector = NamedAny(clients) }],
                    Ports = [servicePort],
                },
            ];

        var egress = new List<V1NetworkPolicyEgressRule>
        {
            new()
            {
                To =
                [
                    new V1NetworkPolicyPeer
                    {
                        NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "kube-system" } },
                        PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } },
                    },
                ],
                Ports = [new V1NetworkPolicyPort { Port = 53, Protocol = "UDP" }, new V1NetworkPolicyPort { Port = 53, Protocol = "TCP" }],
            },
        };
        if (calls.Count > 0)
        {
            egress.Add(new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = NamedAny(calls) }], Ports = [servicePort] });
        }

        var data = new List<V1NetworkPolicyPort>();
        if (service.ConnectionStrings.Any(c => c is not (VenvidInfrastructure.RedisName or VenvidInfrastructure.StorageName)))
        {
            data.Add(new V1NetworkPolicyPort { Port = 5432, Protocol = "TCP" });
        }

        if (service.ConnectionStrings.Contains(VenvidInfrastructure.RedisName))
        {
            data.Add(new V1NetworkPolicyPort { Port = 6379, Protocol = "TCP" });
        }

        if (data.Count > 0)
        {
            egress.Add(new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = options.DataCidr } }], Ports = data });
        }

        if (service.ConnectionStrings.Contains(VenvidInfrastructure.StorageName))
        {
            egress.Add(new V1NetworkPolicyEgressRule
            {
                To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "0.0.0.0/0" } }],
                Ports = [new V1NetworkPolicyPort { Port = 443, Protocol = "TCP" }],
            });
        }

        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = Meta(service.Name, options, Labels(service, region)),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = service.Name } },
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = ingress,
                Egress = egress,
            },
        };

        static V1LabelSelector NamedAny(List<string> names) => new()
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "app.kubernetes.io/name", OperatorProperty = "In", Values = names }],
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
                // No replicas: the HorizontalPodAutoscaler owns the count, and an apply must not reset what it chose.
                Selector = new V1LabelSelector { MatchLabels = selector },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = PodSpec(service, options, selector, configMapName, secrets, args: null),
                },
            },
        };
    }

    public const string MigrateOnStartVariable = "Venvid__Database__MigrateOnStart";

    /// <summary>
    /// The schema owner's migration as a Job of its own, applied and waited for before the rollout (README, Deploying).
    /// Named after the image tag (Jobs are immutable): applying the same release again is a no-op, and the command is
    /// idempotent anyway (pending migrations only, under an advisory lock).
    /// </summary>
    public static V1Job MigrationJob(ServiceDescription service, DeploymentRegion region, DeploymentOptions options)
    {
        var labels = Labels(service, region);
        var selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = service.Name };
        var secrets = service.Environment.Where(e => e.Value is SecretReference).ToDictionary(e => e.Key, e => (SecretReference)e.Value);
        var name = MigrationJobName(service, options);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Meta(name, options, labels),
            Spec = new V1JobSpec
            {
                BackoffLimit = 2,
                ActiveDeadlineSeconds = 1800,
                TtlSecondsAfterFinished = 7 * 24 * 3600,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) { ["app.kubernetes.io/component"] = "migration" } },
                    Spec = PodSpec(service, options, selector, $"{service.Name}-config", secrets, [service.Deployment.MigrationCommand!]),
                },
            },
        };
    }

    public static string MigrationJobName(ServiceDescription service, DeploymentOptions options)
    {
        var tag = new string([.. options.ImageTag.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        var name = $"{service.Name}-migrate-{tag}";
        return name.Length <= 63 ? name.TrimEnd('-') : name[..63].TrimEnd('-');
    }

    /// <summary>The pod every workload of a service runs (its Deployment, its migration Job): restricted, read-only, bounded scratch.</summary>
    private static V1PodSpec PodSpec(
        ServiceDescription service, DeploymentOptions options, Dictionary<string, string> selector, string configMapName,
        Dictionary<string, SecretReference> secrets, IList<string>? args)
    {
        var d = service.Deployment;
        var job = args is not null;
        return new V1PodSpec
        {
            TerminationGracePeriodSeconds = 60,
            RestartPolicy = job ? "Never" : "Always",
            ServiceAccountName = service.Name,
            // No service uses the Kubernetes API; IRSA's web identity token is projected by its webhook regardless.
            AutomountServiceAccountToken = false,
            SecurityContext = new V1PodSecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = AppUserId,
                RunAsGroup = AppUserId,
                FsGroup = AppUserId,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
            Volumes = [new V1Volume { Name = ScratchVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(Scratch(service).SizeLimit) } }],
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
                    Args = args,
                    Ports = job ? null : [new V1ContainerPort { Name = ServiceDescription.PortName, ContainerPort = ServiceDescription.ContainerPort, Protocol = "TCP" }],
                    EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = configMapName } }],
                    Env = secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new V1EnvVar
                    {
                        Name = s.Key,
                        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = s.Value.SecretName, Key = s.Value.Key } },
                    }).ToList(),
                    Resources = new V1ResourceRequirements
                    {
                        Requests = Quantities(d.CpuRequest, d.MemoryRequest, Scratch(service).SizeLimit),
                        Limits = Quantities(d.CpuLimit, d.MemoryLimit, Scratch(service).SizeLimit),
                    },
                    // Start-up gets its own budget (30 × 5 s), so a slow first start is not taken for a hung process.
                    StartupProbe = job ? null : new V1Probe
                    {
                        HttpGet = new V1HTTPGetAction { Path = service.Liveness.Path, Port = ServiceDescription.PortName },
                        PeriodSeconds = 5,
                        TimeoutSeconds = 3,
                        FailureThreshold = 30,
                    },
                    ReadinessProbe = job ? null : Probe(service.Readiness),
                    LivenessProbe = job ? null : Probe(service.Liveness),
                    SecurityContext = new V1SecurityContext
                    {
                        AllowPrivilegeEscalation = false,
                        ReadOnlyRootFilesystem = true,
                        RunAsNonRoot = true,
                        Capabilities = new V1Capabilities { Drop = ["ALL"] },
                    },
                    // The only writable path: scratch space on the pod's ephemeral storage, bounded.
                    VolumeMounts = [new V1VolumeMount { Name = ScratchVolume, MountPath = ScratchPath }],
                },
            ],
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
                // TLS 1.2 and 1.3 only, forward-secret ciphers (the controller's default still accepts TLS 1.0).
                ["alb.ingress.kubernetes.io/ssl-policy"] = AlbTlsPolicy,
                ["alb.ingress.kubernetes.io/certificate-arn"] = options.CertificateArn,
            }.Where(a => a.Value.Length > 0).ToDictionary()),
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

    public const string AlbTlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private static V1Probe Probe(HttpProbe probe) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = probe.Path, Port = ServiceDescription.PortName },
        InitialDelaySeconds = probe.InitialDelaySeconds,
        PeriodSeconds = probe.PeriodSeconds,
        TimeoutSeconds = probe.TimeoutSeconds,
        FailureThreshold = probe.FailureThreshold,
    };

    private static Dictionary<string, ResourceQuantity> Quantities(int milliCpu, int memoryMiB, string ephemeral) => new()
    {
        ["cpu"] = new ResourceQuantity(milliCpu.ToString(CultureInfo.InvariantCulture) + "m"),
        ["memory"] = new ResourceQuantity(memoryMiB.ToString(CultureInfo.InvariantCulture) + "Mi"),
        ["ephemeral-storage"] = new ResourceQuantity(ephemeral),
    };

    /// <summary>The user of the .NET images (<c>app</c>, UID 1654), numeric so "run as non-root" is checkable before start.</summary>
    public const long AppUserId = 1654;

    public const string ScratchVolume = "scratch";

    /// <summary>Mounted at <c>/tmp</c>: .NET's and ffmpeg's temporary files, the worker's job folders.</summary>
    public const string ScratchPath = "/tmp";

    /// <summary>Scratch per pod: the media worker holds a source and its ladder (sources are at most a few GiB); the others only temporary files.</summary>
    public static (string SizeLimit, bool Large) Scratch(ServiceDescription service) =>
        service.Deployment.Placement == RegionPlacement.PrimaryRegionOnly ? ("20Gi", true) : ("256Mi", false);

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
