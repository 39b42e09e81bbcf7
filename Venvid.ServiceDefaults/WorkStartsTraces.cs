using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A trace starts where work starts: a request this service serves (server span) or a unit of work it takes from a
/// queue (consumer span, e.g. a media job). A span that would begin a trace on its own — a timer's Redis or database
/// call, a probe's or a long poll's HTTP call — is not recorded, so idle services export no traces (their metrics
/// carry their health). Everything below a recorded span is recorded: request traces stay whole.
/// </summary>
public sealed class WorkStartsTraces : Sampler
{
    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Skip = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId != default)
        {
            return parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? Record : Skip;
        }

        return samplingParameters.Kind is ActivityKind.Server or ActivityKind.Consumer ? Record : Skip;
    }
}
