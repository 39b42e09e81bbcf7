using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.Testing;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>
/// In production the web host answers only what came through CloudFront (<c>Venvid:Edge:RequireOriginSecret</c>, set
/// by the generated Kubernetes output): a second web host is started here with that configuration, in front of the
/// test run's API and storage.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class OriginOnlyTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task An_origin_that_requires_the_CDN_refuses_requests_without_its_secret_but_answers_probes()
    {
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await using var web = await OriginOnlyWebHost.StartAsync(fixture, secret);
        using var http = new HttpClient { BaseAddress = web.Address };

        foreach (var path in new[] { "/", "/api/videos?limit=1", "/media/videos/x/y/master.m3u8" })
        {
            using var refused = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/videos?limit=1"))
        {
            // One character off, whatever the last one was.
            wrong.Headers.Add(EdgeHeaders.OriginSecret, secret[..^1] + (secret[^1] == '0' ? "1" : "0"));
            using var refused = await http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // Kubelet and the load balancer probe without it.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        using var fromCdn = new HttpRequestMessage(HttpMethod.Get, "/api/videos?limit=1");
        fromCdn.Headers.Add(EdgeHeaders.OriginSecret, secret);
        fromCdn.Headers.Add(EdgeHeaders.ViewerAddress, "198.51.100.7:40000");
        using var served = await http.SendAsync(fromCdn);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Requiring_the_CDN_without_a_secret_is_refused_at_start()
    {
        await using var web = OriginOnlyWebHost.Launch(fixture, secret: null, await ApiAndStorageAsync(fixture));
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await web.Process.WaitForExitAsync(exited.Token);

        Assert.NotEqual(0, web.Process.ExitCode);
        Assert.Contains("RequireOriginSecret", web.Output, StringComparison.Ordinal);
    }

    private static async Task<(Uri Api, string Storage)> ApiAndStorageAsync(VenvidAppFixture fixture) =>
        (fixture.App.GetEndpoint("api", "http"), await fixture.GetConnectionStringAsync("storage"));

    /// <summary>The built Venvid.Web, run as production runs it, outside the AppHost.</summary>
    private sealed class OriginOnlyWebHost : IAsyncDisposable
    {
        private readonly System.Text.StringBuilder _output = new();

        private OriginOnlyWebHost(Process process, Uri address)
        {
            Process = process;
            Address = address;
        }

        public Process Process { get; }

        public Uri Address { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<OriginOnlyWebHost> StartAsync(VenvidAppFixture fixture, string secret)
        {
            var web = Launch(fixture, secret, await ApiAndStorageAsync(fixture));
            using var http = new HttpClient();
            for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !web.Process.HasExited; await Task.Delay(250))
            {
                try
                {
                    if ((await http.GetAsync(new Uri(web.Address, "/alive"))).IsSuccessStatusCode)
                    {
                        return web;
                    }
                }
                catch (HttpRequestException)
                {
                }
            }

            await web.DisposeAsync();
            throw new InvalidOperationException("The origin-only web host did not start:\n" + web.Output);
        }

        public static OriginOnlyWebHost Launch(VenvidAppFixture fixture, string? secret, (Uri Api, string Storage) dependencies)
        {
            var project = Path.Combine(ProjectProcesses.RepositoryRoot, "Venvid.Web");
            // The same build configuration as these tests (bin/Debug or bin/Release).
            var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);
            var dll = Path.Combine(project, "bin", configuration, "net10.0", "Venvid.Web.dll");
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var start = new ProcessStartInfo("dotnet", [dll])
            {
                WorkingDirectory = project,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_URLS"] = address.ToString();
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Venvid__Edge__RequireOriginSecret"] = "true";
            if (secret is not null)
            {
                start.Environment["Venvid__Edge__OriginSecret"] = secret;
            }

            start.Environment["services__api__http__0"] = dependencies.Api.ToString().TrimEnd('/');
            start.Environment["ConnectionStrings__storage"] = dependencies.Storage;
            start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
            var web = new OriginOnlyWebHost(Process.Start(start)!, address);
            web.Process.OutputDataReceived += (_, line) => web.Append(line.Data);
            web.Process.ErrorDataReceived += (_, line) => web.Append(line.Data);
            web.Process.BeginOutputReadLine();
            web.Process.BeginErrorReadLine();
            return web;
        }

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                await Process.WaitForExitAsync();
            }

            Process.Dispose();
        }
    }
}
