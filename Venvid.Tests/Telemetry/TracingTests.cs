using System.Net;
using System.Security.Cryptography;
using Venvid.Tests.Support;

namespace Venvid.Tests.Telemetry;

/// <summary>
/// Traces are for work: an idle platform's timers (view flush, job sweeper, replica monitor, lease and probe loops)
/// export none, while a request is traced whole, from the edge through the API to the database.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class TracingTests(VenvidAppFixture fixture)
{
    /// <summary>Span names and paths only background loops produce.</summary>
    private static readonly string[] TimerSignatures = ["SMEMBERS", "EVAL", "/alive", "/internal/jobs/claim", "pg_last_wal_replay_lsn"];

    [Fact]
    public async Task An_idle_platform_exports_no_timer_traces_while_a_request_is_traced_from_edge_to_database()
    {
        var sink = fixture.Telemetry ?? throw new InvalidOperationException("The default fixture collects telemetry.");
        // Idle means no work: earlier tests' videos finish transcoding first (a job's progress reports are requests,
        // traced with their Redis calls), then their traces are exported. Redis spans reach the exporter late: the Redis
        // instrumentation turns profiled commands into spans every 10 s, and the exporter sends every 5 s — so quiet
        // means no export for longer than both (16 s).
        await SeededVideos.EventuallyAsync(
            async () => await fixture.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE state = 'running' OR (state = 'queued' AND run_after <= now())") == 0, TimeSpan.FromMinutes(5));
        await SeededVideos.EventuallyAsync(
            () => Task.FromResult(!sink.ReceivedSince(DateTime.UtcNow.AddSeconds(-16)).Any(e => e.Signal == "v1/traces")), TimeSpan.FromSeconds(90));
        var idleSince = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromMinutes(1));

        var idle = sink.ReceivedSince(idleSince).Where(e => e.Signal == "v1/traces").ToList();
        foreach (var signature in TimerSignatures)
        {
            var found = idle.FirstOrDefault(e => TelemetrySink.Contains(e.Body, signature));
            Assert.True(found.Body is null, $"an idle trace export names {signature}: {Printable(found.Body)}");
        }

        // A request that reaches the database (a search is never cached), with a trace id of our choosing.
        var traceId = RandomNumberGenerator.GetBytes(16);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/videos?limit=1&q=" + Guid.NewGuid().ToString("n")[..10]);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{Convert.ToHexStringLower(traceId)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        using var response = await fixture.CreateClient("web").SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // OTLP carries trace ids as raw bytes: the web host's export and the API's hold it, the API's with the
        // database span of the (cache-missing) search.
        var traced = new List<(string Signal, byte[] Body)>();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            traced = [.. sink.ReceivedSince(idleSince).Where(e => e.Signal == "v1/traces" && Contains(e.Body, traceId))];
            if (traced.Count >= 2 && traced.Any(e => TelemetrySink.Contains(e.Body, "postgresql")))
            {
                return;
            }
        }

        var all = sink.ReceivedSince(idleSince).Where(e => e.Signal == "v1/traces").ToList();
        Assert.Fail($"{traced.Count} trace exports hold the request's trace id, {traced.Count(e => TelemetrySink.Contains(e.Body, "postgresql"))} with a database span; "
            + $"{all.Count} trace exports since the idle minute began, {all.Count(e => TelemetrySink.Contains(e.Body, "/api/videos"))} naming /api/videos");
    }

    private static bool Contains(byte[] body, byte[] value) => body.AsSpan().IndexOf(value) >= 0;

    /// <summary>The readable strings of an export (span names, attributes, the service), for a failure message.</summary>
    private static string Printable(byte[]? body)
    {
        var text = body is null ? "" : string.Join(' ', System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(body), "[ -~]{4,}").Select(m => m.Value));
        return text[..Math.Min(1500, text.Length)];
    }
}
