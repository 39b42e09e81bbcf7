using System.Text.Json.Nodes;
using k8s.Models;
using Venvid.AppHost.Publishing;
using Venvid.Tests.Support;

namespace Venvid.Tests.Deployment;

public sealed class RegionalDeploymentTests(PublishedDeployment published) : IClassFixture<PublishedDeployment>
{
    private const string Canada = "ca-central-1";
    private const string Europe = "eu-west-1";

    public static TheoryData<string> Regions => [Canada, Europe];

    [Fact]
    public void Both_regions_get_kubernetes_manifests_cloudformation_and_a_secrets_guide()
    {
        foreach (var region in new[] { Canada, Europe })
        {
            var folder = Path.Combine(published.RegionalOutput, region);
            Assert.True(File.Exists(Path.Combine(folder, "kubernetes", "kustomization.yaml")), $"{region}: kustomization.yaml");
            Assert.True(File.Exists(Path.Combine(folder, "cloudformation", "media.json")), $"{region}: media.json");
            Assert.True(File.Exists(Path.Combine(folder, "SECRETS.md")), $"{region}: SECRETS.md");
            Assert.Contains(published.Of<V1Namespace>(region), n => n.Metadata.Name == "venvid");
        }

        Assert.Equal(["api", "mediaworker", "web"], published.Of<V1Deployment>(Canada).Select(d => d.Metadata.Name).Order());
        // One media worker pool, next to the job queue on the primary database.
        Assert.Equal(["api", "web"], published.Of<V1Deployment>(Europe).Select(d => d.Metadata.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Every_deployment_has_probes_on_health_and_alive_and_resource_limits(string region)
    {
        foreach (var deployment in published.Of<V1Deployment>(region))
        {
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            Assert.Equal("/health", container.ReadinessProbe?.HttpGet?.Path);
            Assert.Equal("/alive", container.LivenessProbe?.HttpGet?.Path);
            Assert.Equal("http", container.ReadinessProbe!.HttpGet.Port.Value);
            Assert.Contains(container.Ports, p => p.Name == "http" && p.ContainerPort == 8080);

            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(container.Resources.Requests.ContainsKey(resource), $"{deployment.Metadata.Name}: {resource} request");
                Assert.True(container.Resources.Limits.ContainsKey(resource), $"{deployment.Metadata.Name}: {resource} limit");
                Assert.True(container.Resources.Requests[resource].ToDecimal() <= container.Resources.Limits[resource].ToDecimal(),
                    $"{deployment.Metadata.Name}: {resource} request above its limit");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Every_deployment_has_an_autoscaler_a_disruption_budget_and_a_service(string region)
    {
        foreach (var deployment in published.Of<V1Deployment>(region))
        {
            var name = deployment.Metadata.Name;
            var hpa = Assert.Single(published.Of<V2HorizontalPodAutoscaler>(region), h => h.Spec.ScaleTargetRef.Name == name);
            Assert.Equal("Deployment", hpa.Spec.ScaleTargetRef.Kind);
            Assert.True(hpa.Spec.MinReplicas >= 1 && hpa.Spec.MaxReplicas > hpa.Spec.MinReplicas, $"{name}: autoscaler range");
            Assert.Contains(hpa.Spec.Metrics, m => m.Resource?.Name == "cpu");

            var selector = deployment.Spec.Selector.MatchLabels;
            Assert.All(selector, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[label.Key]));
            var pdb = Assert.Single(published.Of<V1PodDisruptionBudget>(region), p => p.Metadata.Name == name);
            Assert.Equal(selector, pdb.Spec.Selector.MatchLabels);

            var service = Assert.Single(published.Of<V1Service>(region), s => s.Metadata.Name == name);
            Assert.Equal(selector, service.Spec.Selector);
        }
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Images_and_ports_agree_across_deployments_services_and_ingress(string region)
    {
        var deployments = published.Of<V1Deployment>(region).ToDictionary(d => d.Metadata.Name);
        foreach (var (name, deployment) in deployments)
        {
            Assert.EndsWith($"/venvid-{name}:latest", deployment.Spec.Template.Spec.Containers[0].Image, StringComparison.Ordinal);
        }

        foreach (var service in published.Of<V1Service>(region))
        {
            var ports = deployments[service.Metadata.Name].Spec.Template.Spec.Containers[0].Ports.Select(p => p.Name).ToList();
            Assert.All(service.Spec.Ports, p => Assert.Contains(p.TargetPort.Value, ports));
        }

        var ingress = Assert.Single(published.Of<V1Ingress>(region));
        Assert.Contains(ingress.Spec.Rules, r => r.Host == $"{region}.origin.venvid.example.com");
        foreach (var backend in ingress.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service))
        {
            Assert.Equal("web", backend.Name);
            var service = Assert.Single(published.Of<V1Service>(region), s => s.Metadata.Name == backend.Name);
            Assert.Contains(service.Spec.Ports, p => p.Name == backend.Port.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Every_environment_variable_comes_from_the_services_config_map_or_a_documented_secret(string region)
    {
        var configMaps = published.Of<V1ConfigMap>(region).Select(c => c.Metadata.Name).ToHashSet();
        var secretsGuide = File.ReadAllText(Path.Combine(published.RegionalOutput, region, "SECRETS.md"));

        foreach (var deployment in published.Of<V1Deployment>(region))
        {
            var container = deployment.Spec.Template.Spec.Containers[0];
            Assert.All(container.EnvFrom, source => Assert.Contains(source.ConfigMapRef.Name, configMaps));
            foreach (var variable in container.Env)
            {
                Assert.Null(variable.Value);
                var secret = variable.ValueFrom?.SecretKeyRef;
                Assert.True(secret is not null, $"{deployment.Metadata.Name}: {variable.Name} is neither config nor a secret reference");
                Assert.Contains(secret.Name, new[] { ServiceModelReader.ConnectionStringsSecret, ServiceModelReader.ParametersSecret });
                Assert.Contains($"| `{secret.Name}` | `{secret.Key}` |", secretsGuide, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_european_api_reads_from_the_replica_and_writes_to_the_primary()
    {
        static Dictionary<string, V1SecretKeySelector> Secrets(V1Deployment d) =>
            d.Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.ValueFrom.SecretKeyRef);

        var europe = Secrets(published.Deployment(Europe, "api"));
        Assert.Equal("venvid-replica", europe["ConnectionStrings__venvid-replica"].Key);
        Assert.Equal("venvid", europe["ConnectionStrings__venvid"].Key);

        var canada = Secrets(published.Deployment(Canada, "api"));
        Assert.Equal("venvid", canada["ConnectionStrings__venvid"].Key);
        Assert.DoesNotContain("ConnectionStrings__venvid-replica", canada.Keys);

        var europeConfig = Assert.Single(published.Of<V1ConfigMap>(Europe), c => c.Metadata.Name == "api-config");
        Assert.Contains("venvid-replica", europeConfig.Metadata.Annotations[KubernetesManifests.ConnectionStringsAnnotation].Split(','));
        Assert.Contains("cloud.region=eu-west-1", europeConfig.Data["OTEL_RESOURCE_ATTRIBUTES"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Canada, "ca", "eu", "eu-west-1")]
    [InlineData(Europe, "eu", "ca", "ca-central-1")]
    public void Each_gateway_serves_its_region_in_cluster_and_fails_over_through_the_other_regions_origin(
        string region, string own, string other, string otherName)
    {
        var web = Assert.Single(published.Of<V1ConfigMap>(region), c => c.Metadata.Name == "web-config");
        Assert.Equal(own, web.Data["Venvid__Gateway__DefaultRegion"]);
        Assert.Equal("https+http://api", web.Data[$"Venvid__Gateway__Regions__{own}"]);
        Assert.StartsWith($"https://{otherName}.", web.Data[$"Venvid__Gateway__Regions__{other}"], StringComparison.Ordinal);

        var api = Assert.Single(published.Of<V1ConfigMap>(region), c => c.Metadata.Name == "api-config");
        Assert.Equal(own, api.Data["Venvid__Region"]);
        Assert.DoesNotContain(published.Of<V1ConfigMap>(region), c => c.Metadata.Name != "web-config" && c.Data.Keys.Any(k => k.StartsWith("Venvid__Gateway__", StringComparison.Ordinal)));
    }

    [Fact]
    public void Services_find_each_other_by_their_cluster_names()
    {
        var web = Assert.Single(published.Of<V1ConfigMap>(Europe), c => c.Metadata.Name == "web-config");
        Assert.Equal("http://api", web.Data["services__api__http__0"]);
        Assert.Equal("8080", web.Data["HTTP_PORTS"]);
        Assert.DoesNotContain(web.Data.Keys, k => k.Contains("https", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_secret_value_is_published()
    {
        var files = Directory.GetFiles(published.Root, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var (name, value) in published.Canaries)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"{Path.GetRelativePath(published.Root, file)} contains the value of {name}");
            }
        }

        Assert.Empty(published.Objects.Values.SelectMany(o => o).OfType<V1Secret>());
    }

    [Fact]
    public void The_media_bucket_is_versioned_encrypted_open_to_browser_uploads_and_replicated_to_europe()
    {
        var bucket = published.CloudFormation[Canada]["Resources"]!["MediaBucket"]!["Properties"]!;
        AssertVersionedAndEncrypted(bucket);

        var cors = bucket["CorsConfiguration"]!["CorsRules"]![0]!;
        Assert.Contains("PUT", Strings(cors["AllowedMethods"]));
        Assert.Contains("ETag", Strings(cors["ExposedHeaders"]));

        var rule = bucket["ReplicationConfiguration"]!["Rules"]![0]!;
        Assert.Equal("Enabled", (string?)rule["Status"]);
        var replicaBucketName = (string)published.CloudFormation[Europe]["Resources"]!["ReplicaBucket"]!["Properties"]!["BucketName"]!["Ref"]!;
        var replicaDefault = (string?)published.CloudFormation[Europe]["Parameters"]![replicaBucketName]!["Default"];
        Assert.Equal($"arn:aws:s3:::{replicaDefault}", (string?)rule["Destination"]!["Bucket"]);
        Assert.Equal("ReplicationRole", (string?)bucket["ReplicationConfiguration"]!["Role"]!["Fn::GetAtt"]![0]);
        Assert.Equal("AWS::IAM::Role", (string?)published.CloudFormation[Canada]["Resources"]!["ReplicationRole"]!["Type"]);

        AssertVersionedAndEncrypted(published.CloudFormation[Europe]["Resources"]!["ReplicaBucket"]!["Properties"]!);
    }

    [Fact]
    public void Cloudfront_serves_everything_from_the_web_origin_with_its_secret_and_caches_media_only_as_the_origin_allows()
    {
        var template = published.CloudFormation[Canada];
        var config = Resource(template, "AWS::CloudFront::Distribution")["Properties"]!["DistributionConfig"]!;

        // One origin, the web edge: it checks private media with the API before serving any (an S3 origin could not).
        var origin = Assert.Single(config["Origins"]!.AsArray())!;
        Assert.Equal("web", (string?)origin["Id"]);
        Assert.Equal("https-only", (string?)origin["CustomOriginConfig"]!["OriginProtocolPolicy"]);
        Assert.Null(config["OriginGroups"]);
        Assert.DoesNotContain(template["Resources"]!.AsObject(), r => (string?)r.Value!["Type"] == "AWS::CloudFront::OriginAccessControl");

        // The origin secret: a NoEcho parameter with no default (never in the template), sent in the header the edge checks.
        var header = Assert.Single(origin["OriginCustomHeaders"]!.AsArray())!;
        Assert.Equal(CloudFormationTemplates.OriginSecretHeader, (string?)header["HeaderName"]);
        Assert.Equal("OriginSecret", (string?)header["HeaderValue"]!["Ref"]);
        var secret = template["Parameters"]!["OriginSecret"]!;
        Assert.True((bool)secret["NoEcho"]!);
        Assert.Null(secret["Default"]);
        Assert.True((int)secret["MinLength"]! >= 32);

        Assert.Equal("web", (string?)config["DefaultCacheBehavior"]!["TargetOriginId"]);
        var media = Assert.Single(config["CacheBehaviors"]!.AsArray(), b => (string?)b!["PathPattern"] == "/media/*")!;
        Assert.Equal("web", (string?)media["TargetOriginId"]);
        Assert.Equal(["GET", "HEAD", "OPTIONS"], media["AllowedMethods"]!.AsArray().Select(m => (string)m!));
        // Viewer headers (the viewer address, the grant cookie) reach the origin but are not part of the cache key.
        Assert.Equal((string?)config["DefaultCacheBehavior"]!["OriginRequestPolicyId"], (string?)media["OriginRequestPolicyId"]);

        // Media is cached only as the origin's Cache-Control allows (private, i.e. granted, media never), for a bounded time.
        var cachePolicy = template["Resources"]![(string)media["CachePolicyId"]!["Ref"]!]!["Properties"]!["CachePolicyConfig"]!;
        Assert.Equal(0, (int)cachePolicy["MinTTL"]!);
        Assert.Equal(0, (int)cachePolicy["DefaultTTL"]!);
        Assert.InRange((int)cachePolicy["MaxTTL"]!, 1, 600);
        var key = cachePolicy["ParametersInCacheKeyAndForwardedToOrigin"]!;
        Assert.Equal("none", (string?)key["CookiesConfig"]!["CookieBehavior"]);
        Assert.Equal("none", (string?)key["HeadersConfig"]!["HeaderBehavior"]);

        // Distribution logs go to the stack's log bucket.
        Assert.Equal("LogBucket", (string?)config["Logging"]!["Bucket"]!["Fn::GetAtt"]![0]);
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Every_bucket_refuses_plain_http_and_the_media_bucket_logs_access_to_the_log_bucket(string region)
    {
        var template = published.CloudFormation[region];
        var resources = template["Resources"]!.AsObject();
        var buckets = resources.Where(r => (string?)r.Value!["Type"] == "AWS::S3::Bucket").Select(r => r.Key).ToList();
        Assert.Equal(2, buckets.Count);
        Assert.Contains("LogBucket", buckets);

        var policies = resources.Where(r => (string?)r.Value!["Type"] == "AWS::S3::BucketPolicy").Select(r => r.Value!["Properties"]!).ToList();
        foreach (var bucket in buckets)
        {
            var policy = Assert.Single(policies, p => (string?)p["Bucket"]!["Ref"] == bucket);
            var deny = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray(), st => (string?)st!["Effect"] == "Deny")!;
            Assert.Equal("*", (string?)deny["Principal"]);
            Assert.Equal("s3:*", (string?)deny["Action"]);
            Assert.Equal("false", (string?)deny["Condition"]!["Bool"]!["aws:SecureTransport"]);
            var covered = deny["Resource"]!.AsArray().Select(r => r!.ToJsonString()).ToList();
            Assert.Contains(covered, r => r.Contains($"\"{bucket}\",\"Arn\"", StringComparison.Ordinal));
            Assert.Contains(covered, r => r.Contains("${" + bucket + ".Arn}/*", StringComparison.Ordinal));
        }

        var media = Assert.Single(buckets, b => b != "LogBucket");
        var logging = resources[media]!["Properties"]!["LoggingConfiguration"]!;
        Assert.Equal("LogBucket", (string?)logging["DestinationBucketName"]!["Ref"]);

        // S3's log delivery may write there (for this account's media bucket only); the log bucket itself is private.
        var logPolicy = Assert.Single(policies, p => (string?)p["Bucket"]!["Ref"] == "LogBucket");
        var delivery = Assert.Single(logPolicy["PolicyDocument"]!["Statement"]!.AsArray(), st => (string?)st!["Effect"] == "Allow")!;
        Assert.Equal("logging.s3.amazonaws.com", (string?)delivery["Principal"]!["Service"]);
        Assert.Equal(media, (string?)delivery["Condition"]!["ArnLike"]!["aws:SourceArn"]!["Fn::GetAtt"]![0]);
        var logBucket = resources["LogBucket"]!["Properties"]!;
        Assert.True((bool)logBucket["PublicAccessBlockConfiguration"]!["RestrictPublicBuckets"]!);
        Assert.NotNull(logBucket["LifecycleConfiguration"]!["Rules"]![0]!["ExpirationInDays"]);
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void The_web_edge_answers_only_the_cdn_and_the_api_only_its_gateways(string region)
    {
        var web = Assert.Single(published.Of<V1ConfigMap>(region), c => c.Metadata.Name == "web-config");
        Assert.Equal("true", web.Data["Venvid__Edge__RequireOriginSecret"]);
        var secret = Assert.Single(published.Deployment(region, "web").Spec.Template.Spec.Containers[0].Env, e => e.Name == "Venvid__Edge__OriginSecret");
        Assert.Equal(ServiceModelReader.ParametersSecret, secret.ValueFrom.SecretKeyRef.Name);
        Assert.Equal(RegionalWiring.OriginSecretKey, secret.ValueFrom.SecretKeyRef.Key);
        Assert.DoesNotContain(published.Of<V1ConfigMap>(region), c => c.Metadata.Name != "web-config" && c.Data.ContainsKey("Venvid__Edge__RequireOriginSecret"));

        // Whoever reaches the API is a gateway: its NetworkPolicy admits only the pods of the services that call it.
        var api = Assert.Single(published.Of<V1ConfigMap>(region), c => c.Metadata.Name == "api-config");
        Assert.Equal("0.0.0.0/0", api.Data["Venvid__RateLimits__TrustedProxyNetworks__0"]);
        Assert.Equal("::/0", api.Data["Venvid__RateLimits__TrustedProxyNetworks__1"]);
        var policy = Assert.Single(published.Of<V1NetworkPolicy>(region), p => p.Metadata.Name == "api");
        Assert.Equal("api", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        var rule = Assert.Single(policy.Spec.Ingress);
        var from = Assert.Single(Assert.Single(rule.FromProperty).PodSelector.MatchExpressions);
        Assert.Equal(("app.kubernetes.io/name", "In"), (from.Key, from.OperatorProperty));
        Assert.Equal(region == Canada ? ["mediaworker", "web"] : ["web"], from.Values);
        Assert.Equal("http", Assert.Single(rule.Ports).Port.Value);

        // The web edge is public (its Ingress: any source, its port only); the worker takes no connections at all.
        var webPolicy = Assert.Single(published.Of<V1NetworkPolicy>(region), p => p.Metadata.Name == "web");
        var open = Assert.Single(webPolicy.Spec.Ingress);
        Assert.Null(open.FromProperty);
        Assert.Equal("http", Assert.Single(open.Ports).Port.Value);
        if (region == Canada)
        {
            Assert.Empty(Assert.Single(published.Of<V1NetworkPolicy>(region), p => p.Metadata.Name == "mediaworker").Spec.Ingress);
        }
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Nothing_talks_unless_allowed_and_each_service_reaches_only_what_it_uses(string region)
    {
        var deny = Assert.Single(published.Of<V1NetworkPolicy>(region), p => p.Metadata.Name == "default-deny");
        Assert.Empty(deny.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.Equal(["Ingress", "Egress"], deny.Spec.PolicyTypes);
        Assert.Null(deny.Spec.Ingress);
        Assert.Null(deny.Spec.Egress);

        // Out: DNS to kube-dns for everyone, then per service what its references need.
        string[] services = region == Canada ? ["api", "mediaworker", "web"] : ["api", "web"];
        foreach (var name in services)
        {
            var egress = Assert.Single(published.Of<V1NetworkPolicy>(region), p => p.Metadata.Name == name).Spec.Egress;
            Assert.Contains(egress, r => r.To.Any(t => t.PodSelector?.MatchLabels is { } m && m.TryGetValue("k8s-app", out var app) && app == "kube-dns")
                && r.Ports.Any(p => p.Port.Value == "53" && p.Protocol == "UDP") && r.Ports.Any(p => p.Port.Value == "53" && p.Protocol == "TCP"));
            var ports = egress.Where(r => r.To.Any(t => t.IpBlock is not null)).SelectMany(r => r.Ports).Select(p => int.Parse(p.Port.Value)).Order().ToList();
            var callsApi = egress.Any(r => r.To.Any(t => t.PodSelector?.MatchExpressions?.Any(e => e.Values.Contains("api")) == true));
            var expected = name switch
            {
                "api" => (Ports: new[] { 443, 5432, 6379 }, CallsApi: false),
                "web" => (Ports: new[] { 443, 6379 }, CallsApi: true),
                _ => (Ports: new[] { 443 }, CallsApi: true),
            };
            Assert.Equal(expected.Ports, ports);
            Assert.True(expected.CallsApi == callsApi, $"{name} {(callsApi ? "may" : "may not")} call the API");
        }
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Every_pod_passes_pod_security_restricted_with_bounded_scratch_and_its_own_service_account(string region)
    {
        var ns = Assert.Single(published.Of<V1Namespace>(region));
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/warn"]);
        var pods = published.Of<V1Deployment>(region).Select(d => (d.Metadata.Name, d.Spec.Template.Spec))
            .Concat(published.Of<V1Job>(region).Select(j => (j.Metadata.Name, j.Spec.Template.Spec)))
            .ToList();
        Assert.NotEmpty(pods);
        foreach (var (name, pod) in pods)
        {
            // Pod Security Standards, restricted profile (v1.32): non-root, RuntimeDefault seccomp, no escalation, all capabilities dropped.
            Assert.True(pod.SecurityContext.RunAsNonRoot, name);
            Assert.True(pod.SecurityContext.RunAsUser > 0, name);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            Assert.False(pod.AutomountServiceAccountToken, name);
            Assert.Null(pod.HostNetwork);
            var container = Assert.Single(pod.Containers);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation, name);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, name);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.Null(container.SecurityContext.Capabilities.Add);
            Assert.Null(container.SecurityContext.Privileged);
            // The only writable path is a size-limited emptyDir, counted in the pod's ephemeral-storage.
            var mount = Assert.Single(container.VolumeMounts);
            var volume = Assert.Single(pod.Volumes, v => v.Name == mount.Name);
            Assert.Equal("/tmp", mount.MountPath);
            Assert.NotNull(volume.EmptyDir.SizeLimit);
            Assert.Equal(volume.EmptyDir.SizeLimit, container.Resources.Limits["ephemeral-storage"]);

            var account = Assert.Single(published.Of<V1ServiceAccount>(region), a => a.Metadata.Name == pod.ServiceAccountName);
            Assert.StartsWith("arn:aws:iam::", account.Metadata.Annotations["eks.amazonaws.com/role-arn"]);
            Assert.False(account.AutomountServiceAccountToken);
        }

        // The worker's scratch holds a source and its ladder; the others' only temporary files.
        Assert.Equal("256Mi", published.Deployment(region, "api").Spec.Template.Spec.Volumes[0].EmptyDir.SizeLimit.ToString());
        if (region == Canada)
        {
            Assert.Equal("20Gi", published.Deployment(region, "mediaworker").Spec.Template.Spec.Volumes[0].EmptyDir.SizeLimit.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void The_autoscaler_owns_the_replica_count_and_a_drain_always_proceeds_but_never_empties_a_service(string region)
    {
        foreach (var deployment in published.Of<V1Deployment>(region))
        {
            var name = deployment.Metadata.Name;
            Assert.Null(deployment.Spec.Replicas);
            var hpa = Assert.Single(published.Of<V2HorizontalPodAutoscaler>(region), h => h.Metadata.Name == name);
            Assert.True(hpa.Spec.MinReplicas >= 2, $"{name}: {hpa.Spec.MinReplicas} minimum replicas");
            var pdb = Assert.Single(published.Of<V1PodDisruptionBudget>(region), p => p.Metadata.Name == name);
            Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);
            Assert.Null(pdb.Spec.MinAvailable);

            // Probes: start-up gets its own budget; readiness and liveness only after it.
            var container = deployment.Spec.Template.Spec.Containers[0];
            Assert.Equal("/alive", container.StartupProbe.HttpGet.Path);
            Assert.True(container.StartupProbe.FailureThreshold * container.StartupProbe.PeriodSeconds >= 120);
            Assert.NotNull(container.ReadinessProbe);
            Assert.NotNull(container.LivenessProbe);
        }
    }

    [Fact]
    public void Migrations_run_as_a_job_before_the_rollout_and_the_api_only_checks_the_schema()
    {
        var job = Assert.Single(published.Of<V1Job>(Canada));
        Assert.StartsWith("api-migrate-", job.Metadata.Name);
        var pod = job.Spec.Template.Spec;
        Assert.Equal("Never", pod.RestartPolicy);
        var container = Assert.Single(pod.Containers);
        Assert.Equal(["migrate"], container.Args);
        Assert.Equal(published.Deployment(Canada, "api").Spec.Template.Spec.Containers[0].Image, container.Image);
        Assert.Null(container.ReadinessProbe);
        Assert.Equal("api-config", Assert.Single(container.EnvFrom).ConfigMapRef.Name);
        Assert.True(job.Spec.ActiveDeadlineSeconds > 0);
        Assert.Empty(published.Of<V1Job>(Europe));

        foreach (var region in new[] { Canada, Europe })
        {
            Assert.Equal("false", Assert.Single(published.Of<V1ConfigMap>(region), c => c.Metadata.Name == "api-config").Data["Venvid__Database__MigrateOnStart"]);
        }

        // Applied and waited for first: not part of the kustomization that rolls the services out.
        var folder = Path.Combine(published.RegionalOutput, Canada, "kubernetes");
        Assert.True(File.Exists(Path.Combine(folder, "api-migrate.yaml")));
        Assert.DoesNotContain("api-migrate.yaml", File.ReadAllText(Path.Combine(folder, "kustomization.yaml")));
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void The_load_balancer_speaks_tls_1_2_or_newer_only(string region)
    {
        var ingress = Assert.Single(published.Of<V1Ingress>(region));
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", ingress.Metadata.Annotations["alb.ingress.kubernetes.io/ssl-policy"]);
        Assert.Equal("[{\"HTTPS\":443}]", ingress.Metadata.Annotations["alb.ingress.kubernetes.io/listen-ports"]);
    }

    /// <summary>
    /// Validators nobody here wrote: every object parsed strictly by KubernetesClient (an unknown field fails the
    /// fixture) and checked by the schemas kubernetes-models compiles from the official Kubernetes OpenAPI document
    /// (types, required fields, enums), run by <c>tools/k8s-validate</c>.
    /// </summary>
    [Fact]
    public async Task Every_object_is_valid_against_the_official_kubernetes_schemas()
    {
        var files = DeploymentRegion.All
            .SelectMany(r => Directory.GetFiles(Path.Combine(published.RegionalOutput, r.Name, "kubernetes"), "*.yaml"))
            .Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .ToList();
        var (exitCode, output) = await ValidatorTools.RunAsync("k8s-validate", files);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{published.Objects.Values.Sum(o => o.Count)} object(s) checked, 0 problem(s)", output);
    }

    [Fact]
    public void The_aspire_manifest_is_still_published()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(published.ManifestOutput, "aspire-manifest.json")))!;
        var resources = manifest["resources"]!.AsObject();
        foreach (var name in new[] { "api", "mediaworker", "web", "venvid", "redis", "storage" })
        {
            Assert.True(resources.ContainsKey(name), $"manifest lacks {name}");
        }

        Assert.Equal("project.v0", (string?)resources["api"]!["type"]);
    }

    [Fact]
    public void The_publisher_shorthand_runs_only_the_regional_step()
    {
        Assert.Equal(
            ["--operation", "publish", "--step", "venvid-k8s", "--output-path", "out"],
            RegionalDeploymentPublisher.TranslateArguments(["--publisher", "venvid-k8s", "--output-path", "out"]));
        string[] manifest = ["--publisher", "manifest", "--output-path", "out"];
        Assert.Equal(manifest, RegionalDeploymentPublisher.TranslateArguments(manifest));
    }

    private static void AssertVersionedAndEncrypted(JsonNode bucket)
    {
        Assert.Equal("Enabled", (string?)bucket["VersioningConfiguration"]!["Status"]);
        Assert.NotNull(bucket["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]);
        Assert.True((bool)bucket["PublicAccessBlockConfiguration"]!["BlockPublicPolicy"]!);
    }

    private static JsonNode Resource(JsonObject template, string type) =>
        Assert.Single(template["Resources"]!.AsObject(), r => (string?)r.Value!["Type"] == type).Value!;

    private static List<string?> Strings(JsonNode? array) => array!.AsArray().Select(v => (string?)v).ToList();
}
