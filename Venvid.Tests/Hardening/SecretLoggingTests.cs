using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Refit;
using Venvid.Contracts;
using Venvid.Contracts.Storage;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>Whatever the services print or export as telemetry, no password, token or key is in it.</summary>
[Collection(VenvidCollection.Name)]
public sealed class SecretLoggingTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestVideos _media = new();

    [Fact]
    public async Task After_register_login_refresh_and_upload_no_resource_log_or_telemetry_contains_a_secret()
    {
        var started = DateTime.UtcNow;
        // A password of its own, so a hit can only come from this test's requests.
        var password = "Pw-" + Guid.NewGuid().ToString("n");
        var username = "s_" + Guid.NewGuid().ToString("n")[..20];
        // Sign-up traffic straight to the API from an address of its own (see TestAccounts); the rest through the web host.
        using var auth = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "api");
        var api = RestService.For<IVenvidApi>(auth);
        var http = fixture.CreateClient("web");
        var web = RestService.For<IVenvidApi>(http);
        Assert.Equal(HttpStatusCode.Created, (await api.RegisterAsync(new RegisterRequest($"{username}@example.test", username, password))).StatusCode);
        var wrongPassword = "Wrong-" + Guid.NewGuid().ToString("n");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(new LoginRequest(username, wrongPassword))).StatusCode);
        var login = (await api.LoginAsync(new LoginRequest(username, password))).Content!;
        var refreshed = (await api.RefreshAsync(new RefreshRequest(login.RefreshToken))).Content!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(new RefreshRequest(login.RefreshToken))).StatusCode);
        var user = new SignedIn(web, refreshed.AccessToken, (await web.GetMeAsync(refreshed.AccessToken)).Content!, http, refreshed, password);
        var video = await user.UploadAsync(await _media.GenerateAsync(320, 240, 1, name: "secret-logging"), "Secrets stay out of logs");
        await user.WaitForAsync(video.Id, VideoStatuses.Ready);
        // The processing event stream takes its token from the query (EventSource cannot send headers): the URL that
        // carries it goes through the web host and the API, and into their traces.
        using (var opened = await http.GetAsync(
            $"/api/videos/{video.Id}/events?access_token={Uri.EscapeDataString(refreshed.AccessToken)}", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.LogoutAsync(new RefreshRequest(refreshed.RefreshToken))).StatusCode);

        var secrets = new Dictionary<string, string>
        {
            ["password"] = password,
            ["wrong password"] = wrongPassword,
            ["access token"] = login.AccessToken,
            ["access token signature"] = login.AccessToken.Split('.')[2],
            ["refreshed access token"] = refreshed.AccessToken,
            ["refresh token"] = login.RefreshToken,
            ["rotated refresh token"] = refreshed.RefreshToken,
        };
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var parameter in model.Resources.OfType<ParameterResource>().Where(p => p.Secret))
        {
            secrets[parameter.Name] = (await parameter.GetValueAsync(CancellationToken.None))!;
        }

        Assert.Contains("jwt-signing-key", secrets.Keys);
        Assert.Contains("worker-service-key", secrets.Keys);
        var storage = StorageOptions.Parse(await fixture.GetConnectionStringAsync("storage"));
        if (storage.SecretKey is { Length: > 0 } storageSecret)
        {
            secrets["storage secret key"] = storageSecret;
        }

        if (new NpgsqlConnectionStringBuilder(await fixture.GetConnectionStringAsync("venvid")).Password is { Length: > 0 } databasePassword)
        {
            secrets["database password"] = databasePassword;
        }

        // Everything printed so far, including the worker's job and the API's request handling above.
        var leaks = (from resource in VenvidAppFixture.Resources
                     let log = ResourceLogs.ReadSince(resource)
                     from secret in secrets
                     where secret.Value.Length >= 8 && log.Contains(secret.Value, StringComparison.Ordinal)
                     select $"{resource} log contains the {secret.Key}").ToList();
        Assert.True(ResourceLogs.ReadSince("api").Length > 0, "the api log was not captured");

        // And everything exported as telemetry (traces, metrics, logs over OTLP), once it holds the event stream's
        // request from both hosts it went through, the logout that came last, and the API's log of the registration.
        var sink = fixture.Telemetry!;
        var eventsPath = $"/api/videos/{video.Id}/events";
        await SeededVideos.EventuallyAsync(() =>
        {
            var received = sink.ReceivedSince(started);
            return Task.FromResult(
                received.Count(e => e.Signal == "v1/traces" && TelemetrySink.Contains(e.Body, eventsPath)) >= 2
                && received.Any(e => e.Signal == "v1/traces" && TelemetrySink.Contains(e.Body, "/api/auth/logout"))
                && received.Any(e => e.Signal == "v1/logs" && TelemetrySink.Contains(e.Body, username)));
        }, TimeSpan.FromSeconds(30));
        var exports = sink.ReceivedSince(started);
        leaks.AddRange(from export in exports
                       from secret in secrets
                       where secret.Value.Length >= 8 && TelemetrySink.Contains(export.Body, secret.Value)
                       select $"{export.Signal} export contains the {secret.Key}");
        Assert.Empty(leaks);
    }

    public void Dispose() => _media.Dispose();
}
