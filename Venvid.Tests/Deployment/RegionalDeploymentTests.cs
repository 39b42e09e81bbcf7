using System.Text.Json.Nodes;
using k8s.Models;
using Venvid.AppHost.Publishing;

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
        var bucket = Resource(published.CloudFormation[Canada], "AWS::S3::Bucket")["Properties"]!;
        AssertVersionedAndEncrypted(bucket);

        var cors = bucket["CorsConfiguration"]!["CorsRules"]![0]!;
        Assert.Contains("PUT", Strings(cors["AllowedMethods"]));
        Assert.Contains("ETag", Strings(cors["ExposedHeaders"]));

        var rule = bucket["ReplicationConfiguration"]!["Rules"]![0]!;
        Assert.Equal("Enabled", (string?)rule["Status"]);
        var replicaBucketName = (string)Resource(published.CloudFormation[Europe], "AWS::S3::Bucket")["Properties"]!["BucketName"]!["Ref"]!;
        var replicaDefault = (string?)published.CloudFormation[Europe]["Parameters"]![replicaBucketName]!["Default"];
        Assert.Equal($"arn:aws:s3:::{replicaDefault}", (string?)rule["Destination"]!["Bucket"]);
        Assert.Equal("ReplicationRole", (string?)bucket["ReplicationConfiguration"]!["Role"]!["Fn::GetAtt"]![0]);
        Assert.Equal("AWS::IAM::Role", (string?)published.CloudFormation[Canada]["Resources"]!["ReplicationRole"]!["Type"]);

        AssertVersionedAndEncrypted(Resource(published.CloudFormation[Europe], "AWS::S3::Bucket")["Properties"]!);
    }

    [Fact]
    public void Cloudfront_serves_media_from_the_bucket_through_origin_access_control_and_everything_else_from_the_web_edge()
    {
        var template = published.CloudFormation[Canada];
        var config = Resource(template, "AWS::CloudFront::Distribution")["Properties"]!["DistributionConfig"]!;
        var origins = config["Origins"]!.AsArray().ToDictionary(o => (string)o!["Id"]!, o => o!);

        Assert.Equal("web", (string?)config["DefaultCacheBehavior"]!["TargetOriginId"]);
        Assert.Equal("https-only", (string?)origins["web"]["CustomOriginConfig"]!["OriginProtocolPolicy"]);

        // Media: the primary bucket, failing over to Europe's replica when the primary answers 5xx.
        var media = Assert.Single(config["CacheBehaviors"]!.AsArray(), b => (string?)b!["PathPattern"] == "/media/*")!;
        var group = Assert.Single(config["OriginGroups"]!["Items"]!.AsArray(), g => (string?)g!["Id"] == (string?)media["TargetOriginId"])!;
        Assert.Equal(1, (int)config["OriginGroups"]!["Quantity"]!);
        Assert.Equal(["media", "media-eu"], group["Members"]!["Items"]!.AsArray().Select(m => (string)m!["OriginId"]!));
        Assert.Equal(2, (int)group["Members"]!["Quantity"]!);
        Assert.Equal([500, 502, 503, 504], group["FailoverCriteria"]!["StatusCodes"]!["Items"]!.AsArray().Select(c => (int)c!));
        Assert.Equal(["GET", "HEAD", "OPTIONS"], media["AllowedMethods"]!.AsArray().Select(m => (string)m!));
        foreach (var origin in new[] { "media", "media-eu" })
        {
            Assert.Equal("MediaOriginAccessControl", (string?)origins[origin]["OriginAccessControlId"]!["Fn::GetAtt"]![0]);
        }

        Assert.Equal("AWS::CloudFront::OriginAccessControl", (string?)template["Resources"]!["MediaOriginAccessControl"]!["Type"]);

        // The replica origin is the bucket Europe's template creates, addressed in Europe's region.
        var europe = published.CloudFormation[Europe];
        var replicaName = (string)europe["Parameters"]!["ReplicaBucketName"]!["Default"]!;
        Assert.Equal($"{replicaName}.s3.{Europe}.amazonaws.com", (string?)origins["media-eu"]["DomainName"]);

        // Only CloudFront, and only this distribution, may read either bucket, and only published media.
        var statement = Resource(template, "AWS::S3::BucketPolicy")["Properties"]!["PolicyDocument"]!["Statement"]![0]!;
        Assert.Equal("cloudfront.amazonaws.com", (string?)statement["Principal"]!["Service"]);
        Assert.Contains("${Distribution}", (string?)statement["Condition"]!["StringEquals"]!["AWS:SourceArn"]!["Fn::Sub"], StringComparison.Ordinal);
        Assert.EndsWith("/videos/*", (string?)statement["Resource"]!["Fn::Sub"], StringComparison.Ordinal);

        var replicaPolicy = Resource(europe, "AWS::S3::BucketPolicy");
        Assert.Equal("HasDistribution", (string?)replicaPolicy["Condition"]);
        Assert.True(europe["Conditions"]!.AsObject().ContainsKey("HasDistribution"));
        var replicaStatement = replicaPolicy["Properties"]!["PolicyDocument"]!["Statement"]![0]!;
        Assert.Equal("cloudfront.amazonaws.com", (string?)replicaStatement["Principal"]!["Service"]);
        Assert.Contains("${DistributionId}", (string?)replicaStatement["Condition"]!["StringEquals"]!["AWS:SourceArn"]!["Fn::Sub"], StringComparison.Ordinal);
        Assert.StartsWith("${ReplicaBucket.Arn}/videos/", (string?)replicaStatement["Resource"]!["Fn::Sub"], StringComparison.Ordinal);
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
