namespace Venvid.Contracts;

/// <summary>Headers between the CDN and the public edge (the web host), and between the regions' edges.</summary>
public static class EdgeHeaders
{
    /// <summary>Added by the CDN to every origin request, holding the origin secret: the request came through the CDN.</summary>
    public const string OriginSecret = "X-Venvid-Origin-Verify";

    /// <summary>The viewer's address and port as the CDN saw them (CloudFront's header).</summary>
    public const string ViewerAddress = "CloudFront-Viewer-Address";
}
