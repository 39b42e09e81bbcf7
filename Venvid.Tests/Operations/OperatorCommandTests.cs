using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Venvid.AppHost.Infrastructure;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Operations;

/// <summary>The dashboard's operator commands on the API, run as the dashboard runs them (Aspire's resource commands).</summary>
[Collection(VenvidCollection.Name)]
public sealed class OperatorCommandTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestVideos _media = new();

    [Fact]
    public async Task Flush_views_now_writes_the_queued_views_to_postgres()
    {
        var owner = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(owner.User.Id);
        using var viewer = fixture.CreateClientFrom(TestAccounts.RandomClientAddress());
        Assert.Equal(HttpStatusCode.Accepted, (await viewer.PostAsync($"/api/videos/{video}/view", null)).StatusCode);
        var before = await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", video));

        var result = await fixture.App.ResourceCommands.ExecuteCommandAsync("api", OperatorCommands.FlushViews);

        Assert.True(result.Success, result.Message);
        // The command returns once the flush has run: the view is in Postgres now (if the timer had not moved it yet).
        Assert.True(await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", video)) >= Math.Max(before, 1));
    }

    [Fact]
    public async Task Requeue_failed_jobs_processes_a_failed_video_again()
    {
        var user = await fixture.SignUpAsync();
        using var posted = await user.PostSimpleAsync(_media.WriteFile("list.mp4", "Not a video, a shopping list.\n"u8.ToArray()), "Fails, then is retried");
        var queued = JsonSerializer.Deserialize<VideoDto>(await posted.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        await user.WaitForAsync(queued.Id, VideoStatuses.Failed);
        var failedAt = await fixture.ScalarAsync<DateTime>("SELECT max(updated_at) FROM jobs WHERE video_id = @id", ("id", queued.Id));

        var result = await fixture.App.ResourceCommands.ExecuteCommandAsync("api", OperatorCommands.RequeueFailedJobs);

        Assert.True(result.Success, result.Message);
        // Its job ran again (and the same input failed the same way): a new attempt, after the command.
        await SeededVideos.EventuallyAsync(async () =>
            await fixture.ScalarAsync<DateTime>("SELECT max(updated_at) FROM jobs WHERE video_id = @id", ("id", queued.Id)) > failedAt
            && (await user.Api.GetVideoAsync(queued.Id, user.AccessToken)).Content?.Status == VideoStatuses.Failed,
            TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _media.Dispose();
}
