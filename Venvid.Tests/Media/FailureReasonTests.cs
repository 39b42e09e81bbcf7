using FFMpegCore.Exceptions;
using Venvid.Contracts;
using Venvid.MediaWorker.Jobs;

namespace Venvid.Tests.Media;

/// <summary>What the worker reports about a failure is text the API takes: short, and free of control characters.</summary>
public class FailureReasonTests
{
    [Fact]
    public void Reasons_built_from_what_ffmpeg_printed_carry_no_control_characters()
    {
        // ffmpeg's last line can quote a file's own metadata, which may hold anything.
        var printed = new FFMpegException("frame=1\n[mov] bad tag 'a\u0000b\u001b[31m'", new InvalidOperationException("ffmpeg exited with 1"));
        var reason = JobRunner.Describe(printed);
        Assert.Equal("Transcoding failed: [mov] bad tag 'a b [31m'", reason);
        Assert.True(TextRules.IsAllowed(reason));

        var longer = JobRunner.Describe(new InvalidOperationException(new string('\u0007', 600)));
        Assert.True(TextRules.IsAllowed(longer));
        Assert.Equal(500, longer.Length);
    }

    [Theory]
    [InlineData("plain title", true)]
    [InlineData("tab\tand\nlines\r\n", true)]
    [InlineData("émoji 🎬 and \u202ebidi", true)]
    [InlineData("nul\u0000", false)]
    [InlineData("escape\u001b[0m", false)]
    [InlineData("delete\u007f", false)]
    [InlineData("c1\u0085", false)]
    public void The_rule_allows_any_text_but_control_characters(string text, bool allowed)
    {
        Assert.Equal(allowed, TextRules.IsAllowed(text));
        Assert.True(TextRules.IsAllowed(TextRules.Printable(text)));
        Assert.Equal(text.Length, TextRules.Printable(text).Length);
    }
}
