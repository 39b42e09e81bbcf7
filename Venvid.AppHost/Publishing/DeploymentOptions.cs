using Microsoft.Extensions.Configuration;

namespace Venvid.AppHost.Publishing;

/// <summary>
/// What the deployment output needs that the app model does not know: where images live and which names the
/// platform answers on. Bound from <c>Venvid:Deploy:*</c> (e.g. <c>--Venvid:Deploy:Registry=123456789012.dkr.ecr.ca-central-1.amazonaws.com</c>).
/// </summary>
public sealed class DeploymentOptions
{
    public const string Section = "Venvid:Deploy";

    /// <summary>Container registry prefix; images are <c>{Registry}/venvid-{service}:{ImageTag}</c>.</summary>
    public string Registry { get; set; } = "registry.example.com/venvid";

    public string ImageTag { get; set; } = "latest";

    public string Namespace { get; set; } = "venvid";

    /// <summary>The public name CloudFront answers on.</summary>
    public string Domain { get; set; } = "venvid.example.com";

    /// <summary>Regional origins are <c>{region}.{OriginDomain}</c>: CloudFront's web origin and each Ingress host.</summary>
    public string OriginDomain { get; set; } = "origin.venvid.example.com";

    /// <summary>The Ingress class (AWS Load Balancer Controller by default).</summary>
    public string IngressClass { get; set; } = "alb";

    /// <summary>Bucket names are <c>{BucketPrefix}-{region}</c>; S3 names are global, so make the prefix yours.</summary>
    public string BucketPrefix { get; set; } = "venvid-media";

    /// <summary>The ACM certificate of the regional origin names (<c>{region}.{OriginDomain}</c> and <c>{OriginDomain}</c>); empty lets the controller discover it by host.</summary>
    public string CertificateArn { get; set; } = "";

    /// <summary>
    /// IAM roles for service accounts (IRSA): each service's ServiceAccount is annotated with this ARN, <c>{service}</c>
    /// and <c>{region}</c> replaced. The roles grant S3 access to that region's bucket (README, Deploying).
    /// </summary>
    public string RoleArnTemplate { get; set; } = "arn:aws:iam::123456789012:role/venvid-{region}-{service}";

    /// <summary>Where Postgres and Redis (RDS, ElastiCache) live: the only destinations pods may reach on their ports.</summary>
    public string DataCidr { get; set; } = "10.0.0.0/8";

    public static DeploymentOptions From(IConfiguration configuration)
    {
        var options = new DeploymentOptions();
        configuration.GetSection(Section).Bind(options);
        return options;
    }

    public string Image(string service) => $"{Registry.TrimEnd('/')}/venvid-{service}:{ImageTag}";

    public string OriginHost(DeploymentRegion region) => $"{region.Name}.{OriginDomain}";

    public string BucketName(DeploymentRegion region) => $"{BucketPrefix}-{region.Name}";

    public string RoleArn(string service, DeploymentRegion region) =>
        RoleArnTemplate.Replace("{service}", service, StringComparison.Ordinal).Replace("{region}", region.Name, StringComparison.Ordinal);
}
