using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Venvid.Contracts;
using Venvid.MediaWorker.Jobs;
using Venvid.MediaWorker.Media;
using Xunit.Abstractions;

namespace Venvid.Tests.Media;

/// <summary>
/// A finished ladder against the VOD MUST rules of Apple's HLS Authoring Specification, checked from the produced
/// bytes with ffprobe rather than from what the encoder was asked for.
/// </summary>
public sealed partial class HlsAuthoringTests(ITestOutputHelper output) : IDisposable
{
    private const string Prefix = "videos/v9/3";
    private readonly TestMedia _media = new();
    private readonly MemoryMediaStore _store = new();
    private readonly FakeWorkerApi _api = new();

    [Fact]
    public async Task A_finished_ladder_states_measured_bitrates_real_codecs_and_i_frame_playlists()
    {
        var source = await _media.VideoAsync("source.mp4", 854, 480, 11);
        await _store.PutFileAsync("uploads/v9/source.mp4", source, "video/mp4", "", CancellationToken.None);
        using var context = new JobLeaseContext(new JobLease(3, Guid.NewGuid(), "v9", 1, "uploads/v9/source.mp4", Prefix, DateTimeOffset.UtcNow.AddSeconds(45)));
        var processor = new JobProcessor(_store, TestMedia.Prober(), TestMedia.Transcoder("veryfast"), _api,
            Options.Create(new TranscodeOptions { Preset = "veryfast", WorkDirectory = _media.PathOf("work") }),
            TimeProvider.System, new TestOutputLogger<JobProcessor>(output));

        var result = await processor.ProcessAsync(context, CancellationToken.None);

        var master = _store.Text(result.MasterPlaylistKey);
        output.WriteLine(master);
        Assert.StartsWith("#EXTM3U\n", master);
        Assert.Contains("\n#EXT-X-INDEPENDENT-SEGMENTS\n", master);
        var variants = StreamInf().Matches(master).ToList();
        var iframes = IFrameStreamInf().Matches(master).ToList();
        Assert.Equal(["240p", "360p", "480p"], variants.Select(v => v.Groups["uri"].Value.Split('/')[0]));
        Assert.Equal(variants.Count, iframes.Count);

        foreach (var (variant, rendition) in variants.Zip(result.Renditions))
        {
            var attributes = Attributes(variant.Groups["attributes"].Value);
            var media = _store.Text($"{Prefix}/{rendition.Name}/index.m3u8");
            Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD\n", media);
            Assert.DoesNotContain("EVENT", media);
            Assert.Contains("#EXT-X-INDEPENDENT-SEGMENTS\n", media);
            Assert.EndsWith("#EXT-X-ENDLIST\n", media);
            var segments = Segments().Matches(media).Select(m => (Duration: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Uri: m.Groups[2].Value)).ToList();
            Assert.NotEmpty(segments);

            // Bit rates from the bytes: the peak segment (BANDWIDTH) and the mean (AVERAGE-BANDWIDTH), each within 10 %.
            var sizes = segments.Select(s => (double)Segment(rendition.Name, s.Uri).Length).ToList();
            var peak = segments.Zip(sizes).Max(p => p.Second * 8 / p.First.Duration);
            var average = sizes.Sum() * 8 / segments.Sum(s => s.Duration);
            AssertWithin10Percent(peak, long.Parse(attributes["BANDWIDTH"], CultureInfo.InvariantCulture), $"{rendition.Name} BANDWIDTH");
            AssertWithin10Percent(average, long.Parse(attributes["AVERAGE-BANDWIDTH"], CultureInfo.InvariantCulture), $"{rendition.Name} AVERAGE-BANDWIDTH");
            Assert.Equal($"{rendition.Width}x{rendition.Height}", attributes["RESOLUTION"]);
            Assert.Equal("30.000", attributes["FRAME-RATE"]);

            // CODECS as the stream really is: H.264 Main at the level the encoder chose, AAC-LC.
            var first = await ProbeAsync(await WriteAsync(Segment(rendition.Name, segments[0].Uri), $"{rendition.Name}-first.ts"));
            var video = first.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "video");
            var audio = first.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "audio");
            Assert.Equal("Main", video.GetProperty("profile").GetString());
            Assert.Equal("LC", audio.GetProperty("profile").GetString());
            var codecs = attributes["CODECS"].Split(',');
            Assert.Matches($"^avc1\\.4D[0-9A-F]{{2}}{video.GetProperty("level").GetInt32():X2}$", codecs[0]);
            Assert.Equal("mp4a.40.2", codecs[1]);

            // Every segment starts with a keyframe.
            foreach (var (_, uri) in segments)
            {
                var path = await WriteAsync(Segment(rendition.Name, uri), $"{rendition.Name}-{uri}");
                Assert.Equal(("1", "I"), await FirstVideoFrameAsync(path));
            }

            // Its I-frame playlist: one picture per segment, each byte range one decodable keyframe.
            var iframe = iframes.Single(i => i.Groups["uri"].Value == $"{rendition.Name}/iframes.m3u8");
            var iframeAttributes = Attributes(iframe.Groups["attributes"].Value);
            Assert.Equal(codecs[0], iframeAttributes["CODECS"]);
            var iframeText = _store.Text($"{Prefix}/{rendition.Name}/iframes.m3u8");
            Assert.Contains("#EXT-X-I-FRAMES-ONLY\n", iframeText);
            Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD\n", iframeText);
            Assert.EndsWith("#EXT-X-ENDLIST\n", iframeText);
            var ranges = ByteRanges().Matches(iframeText).ToList();
            Assert.Equal(segments.Select(s => s.Uri), ranges.Select(r => r.Groups[3].Value));
            var iframeBits = new List<double>();
            foreach (var (range, segment) in ranges.Zip(segments))
            {
                var length = int.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture);
                Assert.Equal("0", range.Groups[2].Value);
                var picture = await WriteAsync(Segment(rendition.Name, segment.Uri)[..length], $"{rendition.Name}-{segment.Uri}.iframe.ts");
                Assert.Equal(["1:I"], await VideoFramesAsync(picture));
                iframeBits.Add(length * 8 / segment.Duration);
            }

            AssertWithin10Percent(iframeBits.Max(), long.Parse(iframeAttributes["BANDWIDTH"], CultureInfo.InvariantCulture), $"{rendition.Name} I-frame BANDWIDTH");
            Assert.Equal(average, rendition.Bitrate, average * 0.01);
        }
    }

    private byte[] Segment(string rendition, string uri) => _store.Objects[$"{Prefix}/{rendition}/{uri}"].Body;

    private async Task<string> WriteAsync(byte[] bytes, string name)
    {
        var path = _media.PathOf(name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    private static void AssertWithin10Percent(double measured, long declared, string what) =>
        Assert.True(Math.Abs(declared - measured) <= measured * 0.10, $"{what}: declared {declared}, measured {measured:0}");

    private static async Task<JsonElement> ProbeAsync(string path) =>
        JsonDocument.Parse(await TestMedia.RunAsync(TestMedia.Tools.FfprobePath!, $"-v error -print_format json -show_streams \"{path}\"")).RootElement;

    private static async Task<(string KeyFrame, string PictureType)> FirstVideoFrameAsync(string path)
    {
        var frames = await VideoFramesAsync(path);
        var first = frames[0].Split(':');
        return (first[0], first[1]);
    }

    private static async Task<List<string>> VideoFramesAsync(string path)
    {
        var text = await TestMedia.RunAsync(TestMedia.Tools.FfprobePath!,
            $"-v error -select_streams v:0 -show_entries frame=key_frame,pict_type -of csv=p=0 \"{path}\"");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.TrimEnd(',').Replace(',', ':'))];
    }

    private static Dictionary<string, string> Attributes(string list) =>
        AttributeList().Matches(list).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));

    [GeneratedRegex(@"#EXT-X-STREAM-INF:(?<attributes>[^\n]+)\n(?<uri>[^\n]+)\n")]
    private static partial Regex StreamInf();

    [GeneratedRegex(@"#EXT-X-I-FRAME-STREAM-INF:(?<attributes>[^\n]*URI=""(?<uri>[^""]+)""[^\n]*)\n")]
    private static partial Regex IFrameStreamInf();

    [GeneratedRegex(@"([A-Z0-9-]+)=(""[^""]*""|[^,]*)")]
    private static partial Regex AttributeList();

    [GeneratedRegex(@"#EXTINF:([0-9.]+),\n(seg_\d+\.ts)\n")]
    private static partial Regex Segments();

    [GeneratedRegex(@"#EXT-X-BYTERANGE:(\d+)@(\d+)\n([^\n]+)\n")]
    private static partial Regex ByteRanges();

    public void Dispose() => _media.Dispose();
}
