using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Pipeline;

/// <summary>
/// Inputs beyond the media limits, uploaded through the real app: each video ends <c>failed</c> with a reason a person
/// can act on, and nothing is published. The inputs are tiny: one 16K frame, a 2-frame clip whose timestamps are
/// stretched to 24 hours (<c>-itsscale</c>, stream copy), half a second at 1000 fps.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class HostileMediaTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestVideos _media = new();

    [Theory]
    [InlineData("16k", "The video is 15360×8640; the largest accepted is 4096×4096.")]
    [InlineData("24h", "The video lasts 24:00:0")]
    [InlineData("1000fps", "The video runs at 1000 fps; the most accepted is 120 fps.")]
    public async Task An_input_beyond_the_limits_fails_with_its_reason_and_publishes_nothing(string input, string reason)
    {
        var user = await fixture.SignUpAsync();
        var path = await GenerateAsync(input);

        var video = await user.UploadAsync(path, "Hostile " + input);
        var failed = await user.WaitForAsync(video.Id, VideoStatuses.Failed, TimeSpan.FromMinutes(2));

        Assert.StartsWith(reason, failed.FailureReason);
        Assert.Null(failed.PlaybackUrl);
        Assert.Empty(await fixture.ListStorageKeysAsync($"videos/{video.Id}/"));
        Assert.Equal("dead", await fixture.ScalarAsync<string>("SELECT state FROM jobs WHERE video_id = @id", ("id", video.Id)));
    }

    private async Task<string> GenerateAsync(string input)
    {
        var path = Path.Combine(_media.Folder, $"{input}.mp4");
        var encode = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p";
        switch (input)
        {
            case "16k":
                await TestVideos.RunAsync("ffmpeg", $"-hide_banner -loglevel error -y -f lavfi -i color=c=navy:s=15360x8640:r=1:d=1 -frames:v 1 {encode} \"{path}\"");
                break;
            case "24h":
                var clip = await _media.GenerateAsync(160, 120, 2, audio: false, fps: 1, name: "two-frames");
                await TestVideos.RunAsync("ffmpeg", $"-hide_banner -loglevel error -y -itsscale 86400 -i \"{clip}\" -c copy \"{path}\"");
                break;
            case "1000fps":
                return await _media.GenerateAsync(160, 120, 0.5, audio: false, fps: 1000, name: "1000fps");
        }

        return path;
    }

    public void Dispose() => _media.Dispose();
}
