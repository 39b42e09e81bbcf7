using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Removes credentials carried in query strings from spans before they are exported: the processing event stream
/// takes its access token from <c>?access_token=</c> (EventSource cannot send headers), and that URL passes through
/// the web host's forwarder and the API, whose spans record it (<c>url.query</c>, <c>url.full</c>).
/// </summary>
internal sealed partial class QueryRedaction : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.query", "url.full", "http.url", "http.target"];

    public override void OnEnd(Activity activity)
    {
        foreach (var tag in UrlTags)
        {
            if (activity.GetTagItem(tag) is string value && Redact(value) is var redacted && !ReferenceEquals(redacted, value))
            {
                activity.SetTag(tag, redacted);
            }
        }
    }

    /// <summary>The value with every credential parameter's value replaced; the same instance when there is none.</summary>
    private static string Redact(string value) => value.Contains('=') ? Credential().Replace(value, "$1=REDACTED") : value;

    // access_token, refresh_token, token, and S3 presigned-URL credentials, up to the next parameter or fragment.
    [GeneratedRegex(@"(?<=^|[?&;])(access_token|refresh_token|token|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=[^&#;]*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credential();
}
