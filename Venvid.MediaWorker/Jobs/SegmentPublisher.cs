using Venvid.Contracts;
using Venvid.MediaWorker.Media;
using Venvid.MediaWorker.Storage;

namespace Venvid.MediaWorker.Jobs;

/// <summary>
/// Publishes the ladder while ffmpeg is still encoding it: every segment a rendition's playlist lists is uploaded,
/// then that playlist, so a published playlist never points at a missing segment. Once every rendition has a
/// segment the master playlist goes up and the video is playable while the rest encodes.
/// </summary>
public sealed class SegmentPublisher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly IMediaStore _store;
    private readonly string _outputDirectory;
    private readonly string _outputPrefix;
    private readonly IReadOnlyList<Rung> _ladder;
    private readonly ProbeResult _probe;
    private readonly RenditionState[] _renditions;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;

    public SegmentPublisher(IMediaStore store, string outputDirectory, string outputPrefix, IReadOnlyList<Rung> ladder, ProbeResult probe, ILogger logger)
    {
        _store = store;
        _outputDirectory = outputDirectory;
        _outputPrefix = outputPrefix;
        _ladder = ladder;
        _probe = probe;
        _logger = logger;
        _renditions = ladder.Select(r => new RenditionState(r)).ToArray();
        MasterPlaylistKey = Key(HlsTranscoder.MasterPlaylist);
    }

    public string MasterPlaylistKey { get; }

    public bool MasterPublished => _masterPublished;
    private volatile bool _masterPublished;

    /// <summary>True when every rendition's playlist has been published with its end marker.</summary>
    public bool Ended => _renditions.All(r => r.Ended);

    /// <summary>Seconds of the lowest rendition published so far (what a player can already play).</summary>
    public double PublishedSeconds => _renditions[0].Seconds;

    /// <summary>A rendition is ready once it is playable: listed in the published master with at least one segment.</summary>
    public IReadOnlyList<RenditionReport> Renditions => _renditions
        .Select(r => new RenditionReport(r.Rung.Name, r.Rung.Width, r.Rung.Height,
            r.Measured is { } measured ? (int)measured.AverageBitsPerSecond : r.Rung.AverageBandwidth(_probe.HasAudio),
            Key($"{r.Rung.Name}/{HlsTranscoder.VariantPlaylist}"), MasterPublished && r.SegmentCount > 0))
        .ToList();

    public string Key(string relativePath) => $"{_outputPrefix.TrimEnd('/')}/{relativePath}";

    /// <summary>Publishes what is new every <see cref="PollInterval"/> until <paramref name="stop"/> fires.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, ct);
        while (!linked.IsCancellationRequested)
        {
            await PublishPendingAsync(ct);
            try
            {
                await Task.Delay(PollInterval, linked.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                return;
            }
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Uploads the segments each playlist lists that are not up yet, then the playlist, then (once) the master.</summary>
    public async Task PublishPendingAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var rendition in _renditions)
            {
                await PublishRenditionAsync(rendition, ct);
            }

            if (!MasterPublished && _renditions.All(r => r.SegmentCount > 0))
            {
                await _store.PutTextAsync(MasterPlaylistKey, HlsTranscoder.BuildMasterPlaylist(Facts(), _probe),
                    MediaHeaders.Playlist, MediaHeaders.LivePlaylist, ct);
                _masterPublished = true;
                _logger.LogInformation("Master playlist {Key} published; the video is playable", MasterPlaylistKey);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Once every rendition has ended: each one's I-frame playlist, then the master again with bit rates measured from
    /// the segments and the I-frame playlists listed.
    /// </summary>
    public async Task PublishCompleteAsync(CancellationToken ct)
    {
        if (!Ended)
        {
            throw new InvalidOperationException("The ladder is not complete yet.");
        }

        foreach (var rendition in _renditions)
        {
            var segments = rendition.Published;
            foreach (var (segment, _) in segments.Where(s => !s.Facts.StartsWithKeyframe))
            {
                _logger.LogWarning("Segment {Segment} of {Rendition} does not start on a keyframe", segment.Uri, rendition.Rung.Name);
            }

            rendition.Measured = MeasuredBitrates.Of(segments);
            await _store.PutTextAsync(Key($"{rendition.Rung.Name}/{HlsTranscoder.IFramePlaylist}"), HlsTranscoder.BuildIFramePlaylist(segments),
                MediaHeaders.Playlist, MediaHeaders.EndedPlaylist, ct);
        }

        await _store.PutTextAsync(MasterPlaylistKey, HlsTranscoder.BuildMasterPlaylist(Facts(), _probe), MediaHeaders.Playlist, MediaHeaders.EndedPlaylist, ct);
    }

    private List<RenditionFacts> Facts() =>
        [.. _renditions.Select(r => new RenditionFacts(r.Rung, r.Published[0].Facts.VideoCodec ?? throw new InvalidOperationException($"No H.264 sequence parameter set in the first segment of {r.Rung.Name}."), r.Measured))];

    private async Task PublishRenditionAsync(RenditionState rendition, CancellationToken ct)
    {
        var folder = Path.Combine(_outputDirectory, rendition.Rung.Name);
        var playlistPath = Path.Combine(folder, HlsTranscoder.VariantPlaylist);
        if (rendition.Ended || !File.Exists(playlistPath))
        {
            return;
        }

        string text;
        try
        {
            await using var stream = new FileStream(playlistPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync(ct);
        }
        catch (FileNotFoundException)
        {
            return; // Replaced between the check and the open; the next pass reads the new one.
        }

        var playlist = MediaPlaylist.Parse(text);
        if (playlist.Segments.Count == 0 || playlist.Text == rendition.PublishedText)
        {
            return;
        }

        foreach (var segment in playlist.Segments)
        {
            if (rendition.Uploaded.Contains(segment.Uri))
            {
                continue;
            }

            if (segment.Uri.Contains('/') || segment.Uri.Contains('\\') || segment.Uri.StartsWith('.'))
            {
                throw new InvalidOperationException($"Unexpected segment URI '{segment.Uri}' in {rendition.Rung.Name}.");
            }

            var local = Path.Combine(folder, segment.Uri);
            var facts = TransportStream.Inspect(local);
            await _store.PutFileAsync(Key($"{rendition.Rung.Name}/{segment.Uri}"), local, MediaHeaders.Segment, MediaHeaders.Immutable, ct);
            rendition.Uploaded.Add(segment.Uri);
            rendition.Published.Add((segment, facts));
            rendition.SegmentCount = rendition.Uploaded.Count;
        }

        await _store.PutTextAsync(Key($"{rendition.Rung.Name}/{HlsTranscoder.VariantPlaylist}"), playlist.Text,
            MediaHeaders.Playlist, playlist.Ended ? MediaHeaders.EndedPlaylist : MediaHeaders.LivePlaylist, ct);
        rendition.PublishedText = playlist.Text;
        rendition.Seconds = playlist.TotalSeconds;
        rendition.Ended = playlist.Ended;
    }

    private sealed class RenditionState(Rung rung)
    {
        public Rung Rung { get; } = rung;
        public HashSet<string> Uploaded { get; } = new(StringComparer.Ordinal);
        /// <summary>The uploaded segments in playlist order, with what their bytes say.</summary>
        public List<(MediaSegment Segment, SegmentFacts Facts)> Published { get; } = [];
        public MeasuredBitrates? Measured { get; set; }
        /// <summary>Read by the progress reporter while the publisher adds to <see cref="Uploaded"/>.</summary>
        public volatile int SegmentCount;
        public string? PublishedText { get; set; }
        public double Seconds { get; set; }
        public bool Ended { get; set; }
    }
}
