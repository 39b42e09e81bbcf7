using System.Reflection;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.AppHost.Publishing;

/// <summary>
/// AWS CloudFormation for media storage and the CDN, kept as data (<c>Publishing/Templates/*.json</c>) and filled in
/// from the app model. The primary region's stack holds the media bucket (versioned, encrypted, TLS only,
/// access-logged, CORS for browser PUTs of upload parts, published outputs replicated to each secondary), the
/// replication role, a log bucket and the CloudFront distribution. Everything, <c>/media/*</c> included, comes from the
/// web origin, which checks private media with the API before serving it; CloudFront caches only what the origin
/// marks public. A secondary region's stack holds the replica bucket; deploy it first (replication needs it).
/// </summary>
/// <remarks>
/// A template marks what depends on the deployment with <c>{{Name}}</c>: inside a string it is replaced by text, and
/// a string that is only a token becomes the value itself (a number, an array). A token the generator does not know
/// fails the publish, so no template ships with a hole.
/// </remarks>
public static partial class CloudFormationTemplates
{
    /// <summary>The header CloudFront adds to every origin request, holding the <c>OriginSecret</c> parameter.</summary>
    public const string OriginSecretHeader = EdgeHeaders.OriginSecret;

    /// <summary>
    /// Longest CloudFront keeps public media. Segments never change, but a video made private (or deleted) stays
    /// servable from CloudFront's cache for at most this long; the origin refuses it at once.
    /// </summary>
    public const int MediaMaxTtlSeconds = 600;

    /// <summary>The longest the CDN keeps a public API answer: the lifetime the API gives it (<c>max-age</c>).</summary>
    public const int ApiMaxTtlSeconds = 10;

    /// <summary>The region choice a browser keeps (the gateway's cookie): part of the API cache key.</summary>
    public const string RegionCookie = "venvid_region";

    // AWS-managed CloudFront policy (stable, documented ID): every viewer header but Host, cookies, query strings,
    // and CloudFront's viewer headers (CloudFront-Viewer-Address, -Country) the edge keys on.
    private const string AllViewerExceptHostHeaderPolicy = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    public static JsonObject Primary(DeploymentOptions options, DeploymentRegion primary, IReadOnlyList<DeploymentRegion> secondaries) =>
        Fill("media-primary.json", new Dictionary<string, JsonNode>
        {
            ["Region"] = primary.Name,
            ["MediaBucketName"] = options.BucketName(primary),
            ["Domain"] = options.Domain,
            ["OriginDomain"] = options.OriginDomain,
            ["OriginSecretHeader"] = OriginSecretHeader,
            ["RegionCookie"] = RegionCookie,
            ["AllViewerExceptHostHeaderPolicy"] = AllViewerExceptHostHeaderPolicy,
            ["MediaMaxTtlSeconds"] = MediaMaxTtlSeconds,
            ["ApiMaxTtlSeconds"] = ApiMaxTtlSeconds,
            // Only published media (HLS, thumbnails) is replicated and served; raw uploads stay in the primary.
            ["ReplicationRules"] = new JsonArray([.. secondaries.Select((region, i) => (JsonNode)new JsonObject
            {
                ["Id"] = $"published-media-to-{region.Name}",
                ["Status"] = "Enabled",
                ["Priority"] = i + 1,
                ["Filter"] = new JsonObject { ["Prefix"] = MediaKeys.PublishedPrefix },
                ["DeleteMarkerReplication"] = new JsonObject { ["Status"] = "Enabled" },
                ["Destination"] = new JsonObject { ["Bucket"] = $"arn:aws:s3:::{options.BucketName(region)}", ["StorageClass"] = "STANDARD" },
            })]),
            ["ReplicaObjectArns"] = new JsonArray([.. secondaries.Select(region => (JsonNode)$"arn:aws:s3:::{options.BucketName(region)}/*")]),
        });

    public static JsonObject Secondary(DeploymentOptions options, DeploymentRegion region) =>
        Fill("media-secondary.json", new Dictionary<string, JsonNode>
        {
            ["Region"] = region.Name,
            ["ReplicaBucketName"] = options.BucketName(region),
            ["Domain"] = options.Domain,
        });

    private static JsonObject Fill(string template, IReadOnlyDictionary<string, JsonNode> values)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Venvid.AppHost.Publishing.Templates.{template}")
            ?? throw new InvalidOperationException($"The CloudFormation template {template} is not embedded in the AppHost.");
        var root = JsonNode.Parse(stream)!.AsObject();
        Fill(root, values, template);
        return root;
    }

    private static void Fill(JsonNode node, IReadOnlyDictionary<string, JsonNode> values, string template)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is not null && Replacement(child, values, template) is { } replacement)
                    {
                        obj[key] = replacement;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child && Replacement(child, values, template) is { } replacement)
                    {
                        array[i] = replacement;
                    }
                }

                break;
        }
    }

    /// <summary>What a string with tokens becomes; null for any other node (whose children are filled in place).</summary>
    private static JsonNode? Replacement(JsonNode node, IReadOnlyDictionary<string, JsonNode> values, string template)
    {
        if (node is not JsonValue value || !value.TryGetValue(out string? text))
        {
            Fill(node, values, template);
            return null;
        }

        if (!Token().IsMatch(text))
        {
            return null;
        }

        JsonNode Value(string name) => values.TryGetValue(name, out var known)
            ? known
            : throw new InvalidOperationException($"The CloudFormation template {template} names {{{{{name}}}}}, which the generator does not fill.");

        var whole = Token().Match(text);
        if (whole.Length == text.Length)
        {
            return Value(whole.Groups[1].Value).DeepClone();
        }

        return JsonValue.Create(Token().Replace(text, m => Value(m.Groups[1].Value) is var v && v is JsonValue s && s.TryGetValue(out string? str)
            ? str
            : v.ToJsonString()));
    }

    [GeneratedRegex(@"\{\{([A-Za-z]+)\}\}")]
    private static partial Regex Token();
}
