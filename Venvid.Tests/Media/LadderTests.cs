using Venvid.MediaWorker.Media;

namespace Venvid.Tests.Media;

public class LadderTests
{
    [Fact]
    public void Landscape_1080p_gets_all_five_rungs()
    {
        var ladder = Ladder.For(1920, 1080);

        Assert.Equal(["240p", "360p", "480p", "720p", "1080p"], ladder.Select(r => r.Name));
        Assert.Equal([(426, 240), (640, 360), (852, 480), (1280, 720), (1920, 1080)], ladder.Select(r => (r.Width, r.Height)));
    }

    [Fact]
    public void Portrait_720p_is_sized_by_its_short_side()
    {
        var ladder = Ladder.For(720, 1280);

        Assert.Equal(["240p", "360p", "480p", "720p"], ladder.Select(r => r.Name));
        Assert.Equal([(240, 426), (360, 640), (480, 852), (720, 1280)], ladder.Select(r => (r.Width, r.Height)));
    }

    [Fact]
    public void Four_k_is_capped_at_1080p()
    {
        var ladder = Ladder.For(3840, 2160);

        Assert.Equal(5, ladder.Count);
        Assert.Equal((1920, 1080), (ladder[^1].Width, ladder[^1].Height));
    }

    [Theory]
    [InlineData(1001, 563)]
    [InlineData(853, 481)]
    [InlineData(481, 853)]
    [InlineData(1917, 1081)]
    public void Odd_sources_get_even_dimensions_and_are_never_upscaled(int width, int height)
    {
        var ladder = Ladder.For(width, height);

        Assert.NotEmpty(ladder);
        Assert.All(ladder, r =>
        {
            Assert.Equal(0, r.Width % 2);
            Assert.Equal(0, r.Height % 2);
            Assert.True(r.Width <= width && r.Height <= height, $"{r.Name} {r.Width}x{r.Height} upscales {width}x{height}");
        });
    }

    [Fact]
    public void Tiny_input_gets_one_rung_at_its_own_size()
    {
        var rung = Assert.Single(Ladder.For(200, 150));

        Assert.Equal(("150p", 200, 150), (rung.Name, rung.Width, rung.Height));
        Assert.InRange(rung.VideoKbps, 150, 400);
    }

    [Fact]
    public void Tiny_odd_input_is_trimmed_to_even()
    {
        var rung = Assert.Single(Ladder.For(201, 151));

        Assert.Equal((200, 150), (rung.Width, rung.Height));
    }

    [Fact]
    public void Higher_rungs_get_more_bitrate()
    {
        var ladder = Ladder.For(1920, 1080);

        Assert.True(ladder.Zip(ladder.Skip(1)).All(pair => pair.First.VideoKbps < pair.Second.VideoKbps));
    }
}
