using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Venvid.Contracts;

namespace Venvid.Bench;

/// <summary>Benchmarks 1–3: the API's hot read and write paths under wrk against bare Kestrel serving the same bytes.</summary>
public sealed partial class HttpBenchmarks(Platform platform, string ownerId, string workDirectory)
{
    public const string Prefix = "bn";
    private const int ViewTargets = 200;
    private readonly List<string> _ids = [];
    private string _deepCursor = "";
    private Bare _bare = null!;

    public static int SeedCount => Settings.Int("BENCH_SEED_VIDEOS", 5000);

    /// <summary>Seeds ready public videos (with five renditions each) straight in Postgres, as the catalogue tests do.</summary>
    public async Task SeedAsync()
    {
        await using var db = new NpgsqlConnection(platform.Database);
        await db.OpenAsync();
        await using (var seed = new NpgsqlCommand($"""
            INSERT INTO videos (id, owner_id, title, description, visibility, status, progress, duration_seconds, width, height,
                                media_prefix, master_playlist_key, thumbnail_key, storyboard_key, view_count, like_count, trending_score,
                                created_at, updated_at, published_at)
            SELECT '{Prefix}' || lpad(g::text, 6, '0') || substr(md5(g::text), 1, 4), @owner,
                   'Benchmark video ' || g, 'Seeded by bench/Venvid.Bench for the catalogue benchmarks.', 'public', 'ready', 100, 60, 1920, 1080,
                   'media/{Prefix}' || g, 'media/{Prefix}' || g || '/master.m3u8', 'media/{Prefix}' || g || '/poster.jpg', 'media/{Prefix}' || g || '/storyboard.vtt',
                   (hashtext(g::text) & 1048575)::bigint, 0, 0, now() - g * interval '1 minute', now(), now() - g * interval '1 minute'
            FROM generate_series(1, @n) g;
            INSERT INTO renditions (video_id, name, width, height, bitrate, playlist_key, ready)
            SELECT v.id, r.name, r.w, r.h, r.b, v.media_prefix || '/' || r.name || '/index.m3u8', true
            FROM videos v CROSS JOIN (VALUES ('240p', 426, 240, 400000), ('360p', 640, 360, 800000), ('480p', 854, 480, 1400000),
                                             ('720p', 1280, 720, 2800000), ('1080p', 1920, 1080, 5000000)) AS r(name, w, h, b)
            WHERE v.id LIKE '{Prefix}%';
            ANALYZE videos; ANALYZE renditions;
            """, db))
        {
            seed.Parameters.AddWithValue("owner", Guid.Parse(ownerId));
            seed.Parameters.AddWithValue("n", SeedCount);
            seed.CommandTimeout = 120;
            await seed.ExecuteNonQueryAsync();
        }

        await using var ids = new NpgsqlCommand($"SELECT id FROM videos WHERE id LIKE '{Prefix}%' ORDER BY id LIMIT {ViewTargets}", db);
        await using var reader = await ids.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ids.Add(reader.GetString(0));
        }
    }

    private string DetailPath => $"/api/videos/{_ids[0]}";
    private const string ListPath = "/api/videos?sort=popular";
    private string DeepPath => $"/api/videos?sort=popular&cursor={Uri.EscapeDataString(_deepCursor)}";

    /// <summary>Fetches the API's responses (the bytes bare Kestrel will serve), finds a deep cursor, and starts bare Kestrel.</summary>
    public async Task PrepareAsync()
    {
        var bodies = Directory.CreateDirectory(Path.Combine(workDirectory, "bodies")).FullName;
        using var http = platform.Client();
        await File.WriteAllBytesAsync(Path.Combine(bodies, "detail.json"), await GetOkAsync(http, DetailPath));
        await File.WriteAllBytesAsync(Path.Combine(bodies, "list.json"), await GetOkAsync(http, ListPath));

        // Follow nextCursor in pages of 100 to about 80% of the catalogue: the cursor of a deep page.
        string? cursor = null;
        for (var seen = 0; seen < SeedCount * 4 / 5;)
        {
            var url = "/api/videos?sort=popular&limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = JsonSerializer.Deserialize<Page<VideoDto>>(await GetOkAsync(http, url), JsonSerializerOptions.Web)!;
            seen += page.Items.Count;
            cursor = page.NextCursor ?? throw new InvalidOperationException("the catalogue ended before the deep page");
        }

        _deepCursor = cursor ?? throw new InvalidOperationException("no deep cursor");
        await File.WriteAllBytesAsync(Path.Combine(bodies, "deep.json"), await GetOkAsync(http, DeepPath));
        _bare = await Bare.StartAsync(bodies);
    }

    public ValueTask StopBareAsync() => _bare?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static async Task<byte[]> GetOkAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        return body;
    }

    /// <summary>Warm-up of both targets, then the measured runs: baseline first, Venvid second.</summary>
    internal static async Task<(WrkResult Bare, WrkResult Api)> PairAsync(string bareUrl, string apiUrl, string? bareScript = null, string? apiScript = null)
    {
        await Wrk.RunAsync(bareUrl, bareScript, Wrk.WarmupSeconds);
        await Wrk.RunAsync(apiUrl, apiScript, Wrk.WarmupSeconds);
        var bare = await Wrk.RunAsync(bareUrl, bareScript);
        var api = await Wrk.RunAsync(apiUrl, apiScript);
        Console.WriteLine($"    bare: {bare.Describe()}\n    api:  {api.Describe()}");
        return (bare, api);
    }

    internal static Row HttpRow(string benchmark, string what, WrkResult bare, WrkResult api, string goal, double? goalRatio)
    {
        var ratio = api.RequestsPerSecond / bare.RequestsPerSecond;
        var met = goalRatio is { } g ? (ratio >= g && api.Non2xx == 0 ? "yes" : "no") : "—";
        return new Row(benchmark, $"{what}; {Wrk.Shape}, req/s", bare.Describe(), api.Describe(), Fmt.F(ratio), goal, met);
    }

    public async Task<List<Row>> DetailAsync()
    {
        Console.WriteLine("1 detail: GET /api/videos/{id} (cache hit) vs bare Kestrel");
        var (bare, api) = await PairAsync(new Uri(_bare.Url, "/detail").ToString(), new Uri(platform.Api, DetailPath).ToString());
        return [HttpRow("1 detail", "GET /api/videos/{id}, cache hit, same JSON bytes", bare, api, "≥ 0.5", 0.5)];
    }

    public async Task<List<Row>> ListAsync()
    {
        Console.WriteLine("3 list: GET /api/videos?sort=popular first page and a deep cursor page vs bare Kestrel");
        var (bareFirst, apiFirst) = await PairAsync(new Uri(_bare.Url, "/list").ToString(), new Uri(platform.Api, ListPath).ToString());

        var sql = new List<string>();
        using var capture = new CancellationTokenSource();
        var sampler = SampleQueriesAsync(sql, capture.Token);
        var (bareDeep, apiDeep) = await PairAsync(new Uri(_bare.Url, "/deep").ToString(), new Uri(platform.Api, DeepPath).ToString());
        await capture.CancelAsync();
        await sampler;

        var plan = await ExplainDeepPageAsync(sql.FirstOrDefault());
        Console.WriteLine(plan.Text);
        var rows = new List<Row>
        {
            HttpRow("3 list, first page", "GET /api/videos?sort=popular (20 items, cached head)", bareFirst, apiFirst, "—", null),
            HttpRow("3 list, deep page", $"same, cursor after item {SeedCount * 4 / 5} of {SeedCount} (keyset query)", bareDeep, apiDeep, "—", null),
            new("3 list, deep page plan", "EXPLAIN ANALYZE of the key query the API ran (captured from pg_stat_activity)",
                "index ix_videos_popular", plan.Summary, "—", "seeks ix_videos_popular (≤ 100 rows filtered)", plan.UsesIndex ? "yes" : "no"),
        };
        return rows;
    }

    /// <summary>Captures the SQL text of the API's keyset query for the popular ordering while it is under load.</summary>
    private async Task SampleQueriesAsync(List<string> found, CancellationToken ct)
    {
        try
        {
            await using var db = new NpgsqlConnection(platform.Database);
            await db.OpenAsync(ct);
            while (!ct.IsCancellationRequested && found.Count == 0)
            {
                await using var cmd = new NpgsqlCommand("""
                    SELECT query FROM pg_stat_activity
                    WHERE pid <> pg_backend_pid() AND query ILIKE '%view_count%' AND query ILIKE '%LIMIT%' AND query NOT ILIKE '%pg_stat_activity%'
                      AND query ILIKE '%ORDER BY%'
                    """, db);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var q = reader.GetString(0);
                    if (q.Contains("view_count\" <", StringComparison.Ordinal) || q.Contains("view_count <", StringComparison.Ordinal) || q.Contains(") < (", StringComparison.Ordinal))
                    {
                        found.Add(q);
                    }
                }

                await Task.Delay(50, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public sealed record Plan(string Text, string Summary, bool UsesIndex);

    /// <summary>
    /// EXPLAIN ANALYZE of the deep page's key query. The captured statement is prepared as is and run with the
    /// cursor's values, matched to its parameters by type (bigint = the view count, text = the id, integer = the limit).
    /// </summary>
    private async Task<Plan> ExplainDeepPageAsync(string? captured)
    {
        var cursor = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(_deepCursor)).RootElement;
        var views = long.Parse(cursor.GetProperty("Key").GetString()!, Fmt.Inv);
        var id = cursor.GetProperty("Id").GetString()!;
        await using var db = new NpgsqlConnection(platform.Database);
        await db.OpenAsync();

        var source = "captured";
        var statement = captured;
        string[] types = [];
        if (statement is not null)
        {
            try
            {
                await new NpgsqlCommand($"PREPARE bench_deep AS {statement}", db).ExecuteNonQueryAsync();
                types = (string[])(await new NpgsqlCommand("SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = 'bench_deep'", db).ExecuteScalarAsync())!;
            }
            catch (PostgresException e)
            {
                Console.WriteLine($"    (could not prepare the captured statement: {e.MessageText})");
                statement = null;
            }
        }

        string explain;
        if (statement is not null && types.All(t => t is "bigint" or "text" or "character varying" or "integer") && types.Length > 0)
        {
            // A parameter used as the LIMIT is the page size plus one, whatever type Postgres inferred for it.
            var values = types.Select((t, i) =>
                Regex.IsMatch(statement!, $@"LIMIT \${i + 1}\b", RegexOptions.IgnoreCase) || t == "integer" ? "21"
                : t == "bigint" ? views.ToString(Fmt.Inv)
                : $"'{id.Replace("'", "''")}'");
            explain = $"EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_deep({string.Join(", ", values)})";
        }
        else
        {
            source = "hand-written equivalent (no statement captured)";
            statement = $"""
                SELECT v.id, v.published_at, v.view_count, v.trending_score FROM videos AS v
                WHERE v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND v.published_at IS NOT NULL
                  AND (v.view_count < {views} OR (v.view_count = {views} AND v.id < '{id}'))
                ORDER BY v.view_count DESC, v.id DESC LIMIT 21
                """;
            explain = "EXPLAIN (ANALYZE, BUFFERS) " + statement;
        }

        // Twice: the first run warms the buffers, the second is reported.
        await new NpgsqlCommand(explain, db).ExecuteNonQueryAsync();
        var lines = new List<string>();
        await using (var reader = await new NpgsqlCommand(explain, db).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        var text = $"    key query ({source}):\n      {statement!.ReplaceLineEndings("\n      ")}\n    plan:\n      {string.Join("\n      ", lines)}";
        await File.WriteAllTextAsync(Path.Combine(Paths.Bench, "results", "deep-page-plan.txt"), text + "\n");
        var usesIndex = lines.Any(l => l.Contains("ix_videos_popular", StringComparison.Ordinal));
        var scan = lines.FirstOrDefault(l => l.Contains("Scan", StringComparison.Ordinal))?.Trim().Split("  (")[0].TrimStart('-', '>', ' ') ?? "?";
        var rowsRemoved = lines.Select(l => RowsRemovedRegex().Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value, Fmt.Inv)).Sum();
        var time = lines.LastOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal))?.Replace("Execution Time: ", "") ?? "";
        var summary = $"{scan}; {time}; rows removed by filter: {Fmt.N0(rowsRemoved)} (results/deep-page-plan.txt)";
        // A keyset page must seek: the index used, and (almost) no rows before the cursor read and thrown away.
        return new Plan(text, summary, usesIndex && rowsRemoved <= 100);
    }

    [GeneratedRegex(@"Rows Removed by Filter: (\d+)")]
    private static partial Regex RowsRemovedRegex();

    /// <summary>
    /// Benchmark 2: anonymous view beacons, every request from a new viewer (X-Forwarded-For from a counter, so each
    /// one is counted) over <see cref="ViewTargets"/> videos; then Postgres row writes per flush against videos touched.
    /// </summary>
    public async Task<List<Row>> ViewsAsync()
    {
        Console.WriteLine("2 views: POST /api/videos/{id}/view vs bare Kestrel empty POST");
        var warmScript = WriteViewScript("warm", 20);
        var script = WriteViewScript("run", 30);
        var bareUrl = _bare.Url.ToString().TrimEnd('/');
        var apiUrl = platform.Api.ToString().TrimEnd('/');
        await Wrk.RunAsync(bareUrl, warmScript, Wrk.WarmupSeconds);
        await Wrk.RunAsync(apiUrl, warmScript, Wrk.WarmupSeconds);
        var bare = await Wrk.RunAsync(bareUrl, script);

        await Task.Delay(TimeSpan.FromSeconds(3)); // let the warm-up's views flush before counting
        var before = await UpdatesOnVideosAsync();
        platform.ApiLog.Clear();
        var api = await Wrk.RunAsync(apiUrl, script);
        Console.WriteLine($"    bare: {bare.Describe()}\n    api:  {api.Describe()}");

        // Wait for the last flush (every 2 s), then for Postgres's cumulative statistics to catch up (flushed by
        // each backend when idle, at most about every 10 s).
        var batches = new List<(long Views, long Videos)>();
        var clock = Stopwatch.StartNew();
        long writes = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(25))
        {
            await Task.Delay(1000);
            batches = [.. platform.ApiLog.Select(l => BatchRegex().Match(l)).Where(m => m.Success)
                .Select(m => (long.Parse(m.Groups[1].Value, Fmt.Inv), long.Parse(m.Groups[2].Value, Fmt.Inv)))];
            writes = await UpdatesOnVideosAsync() - before;
            if (clock.Elapsed > TimeSpan.FromSeconds(4) && batches.Count > 0 && writes >= batches.Sum(b => b.Videos))
            {
                break;
            }
        }

        var counted = batches.Sum(b => b.Views);
        var touched = batches.Sum(b => b.Videos);
        var perFlushVideos = batches.Count == 0 ? 0 : (double)touched / batches.Count;
        var perFlushWrites = batches.Count == 0 ? 0 : (double)writes / batches.Count;
        var writeRatio = touched == 0 ? double.NaN : (double)writes / touched;
        Console.WriteLine($"    flushes: {batches.Count}, views counted: {counted}, video rows touched: {touched}, row updates on videos: {writes}");

        return
        [
            HttpRow("2 view beacon", $"POST /api/videos/{{id}}/view, anonymous, a new viewer per request over {ViewTargets} videos", bare, api, "≥ 0.4", 0.4),
            new("2 view flush", $"Postgres row updates on videos per flush (n_tup_upd delta) vs videos in the flushed batch; {batches.Count} flushes, {Fmt.N0(counted)} views",
                $"{Fmt.F(perFlushVideos, 1)} videos/flush", $"{Fmt.F(perFlushWrites, 1)} writes/flush", Fmt.F(writeRatio),
                "= 1.00 (one write per video per flush)", touched > 0 && Math.Abs(writeRatio - 1) < 0.005 ? "yes" : "no"),
        ];
    }

    [GeneratedRegex(@"Applied view batch \S+: (\d+) view\(s\) on (\d+) video\(s\)")]
    private static partial Regex BatchRegex();

    private async Task<long> UpdatesOnVideosAsync()
    {
        await using var db = new NpgsqlConnection(platform.Database);
        await db.OpenAsync();
        return (long)(await new NpgsqlCommand("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'videos'", db).ExecuteScalarAsync())!;
    }

    /// <summary>A wrk script that POSTs to /api/videos/{id}/view round-robin over the targets, each request from a new address.</summary>
    private string WriteViewScript(string name, int firstOctet) =>
        Wrk.WriteClientsScript(Path.Combine(workDirectory, $"views-{name}.lua"), "view beacons from distinct viewers", firstOctet,
            $"local ids = {{ {string.Join(", ", _ids.Select(i => $"\"{i}\""))} }}",
            "wrk.format(\"POST\", \"/api/videos/\" .. ids[(counter % #ids) + 1] .. \"/view\", { [\"X-Forwarded-For\"] = ip, [\"Content-Length\"] = \"0\" }, nil)");
}
