using System.Net;
using System.Net.Http.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.Tests;

[Collection(VenvidCollection.Name)]
public sealed class PlatformTests(VenvidAppFixture fixture)
{
    [Fact]
    public void Every_resource_is_healthy()
    {
        var notifications = fixture.App.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var name in VenvidAppFixture.Resources)
        {
            Assert.True(notifications.TryGetCurrentState(name, out var resourceEvent), $"{name} has no state");
            Assert.Equal(HealthStatus.Healthy, resourceEvent.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public async Task Videos_are_listed_through_the_web_host()
    {
        using var web = fixture.CreateClient("web");

        using var response = await web.GetAsync("/api/videos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<Page<VideoDto>>();
        Assert.NotNull(page);
        Assert.NotNull(page.Items);
    }

    [Fact]
    public async Task Internal_worker_endpoints_are_not_routed_by_the_web_host()
    {
        using var web = fixture.CreateClient("web");
        using var api = fixture.CreateClient("api");

        using var throughWeb = await web.GetAsync("/internal/worker/ping");
        using var withoutKey = await api.GetAsync("/internal/worker/ping");

        // The web host serves its SPA for unknown paths, never the API's internal endpoint.
        Assert.DoesNotContain("\"service\"", await throughWeb.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task Storage_stores_and_returns_a_file()
    {
        var options = StorageOptions.Parse(await fixture.GetConnectionStringAsync("storage"));
        using var s3 = options.CreateClient();
        var key = $"tests/{Guid.NewGuid():n}.bin";
        var bytes = new byte[300_000];
        Random.Shared.NextBytes(bytes);

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = key,
            InputStream = new MemoryStream(bytes),
            ContentType = "application/octet-stream",
            UseChunkEncoding = false,
        });
        using var stored = await s3.GetObjectAsync(options.Bucket, key);
        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Redis_answers()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.GetConnectionStringAsync("redis"));
        var db = redis.GetDatabase();
        var key = $"tests:{Guid.NewGuid():n}";

        await db.StringSetAsync(key, "42", TimeSpan.FromMinutes(1));

        Assert.Equal("42", (string?)await db.StringGetAsync(key));
    }
}
