using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Venvid.Tests.Support;

/// <summary>
/// Stands in for the dashboard's OTLP endpoint (OTLP over HTTP/protobuf): keeps the raw export bodies — traces, metrics
/// and logs of every service — so a test can search what the platform sends as telemetry. Strings travel as UTF-8 in
/// protobuf, so a secret in any attribute, log body or URL is found by a byte search without decoding.
/// </summary>
public sealed class TelemetrySink : IAsyncDisposable
{
    // Keeps memory bounded over a whole test run: the oldest exports go first.
    private const long MaxBytes = 256L * 1024 * 1024;

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(DateTime At, string Signal, byte[] Body)> _exports = new();
    private readonly Task _loop;
    private long _bytes;

    public TelemetrySink()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Exports received since <paramref name="since"/>, and their signals (traces, metrics, logs).</summary>
    public IReadOnlyList<(string Signal, byte[] Body)> ReceivedSince(DateTime since) =>
        [.. _exports.Where(e => e.At >= since).Select(e => (e.Signal, e.Body))];

    public static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var bytes = body.ToArray();
                _exports.Enqueue((DateTime.UtcNow, context.Request.Url?.AbsolutePath.TrimStart('/') ?? "", bytes));
                Interlocked.Add(ref _bytes, bytes.Length);
                while (Interlocked.Read(ref _bytes) > MaxBytes && _exports.TryDequeue(out var dropped))
                {
                    Interlocked.Add(ref _bytes, -dropped.Body.Length);
                }

                // An empty body is an empty Export*ServiceResponse: everything accepted.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The exporter went away mid-request (a service stopping): nothing to keep.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
