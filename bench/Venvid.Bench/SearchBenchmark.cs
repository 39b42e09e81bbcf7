using System.Text.RegularExpressions;
using Npgsql;

namespace Venvid.Bench;

/// <summary>
/// Benchmark 9, search: 5,000 videos with varied titles (three to five words of a 1,728-word vocabulary), 500
/// channels and 300 public playlists; the plans of the search queries (a word prefix, a typo, the box's suggestions,
/// channels), each EXPLAIN ANALYZEd and required to scan the GIN indexes made for them, never <c>videos</c> or
/// <c>users</c> sequentially; then uncached video searches and suggestions under wrk against bare Kestrel serving
/// the same bytes.
/// </summary>
public sealed partial class SearchBenchmark(Platform platform, string token, string ownerId, string workDirectory)
{
    private const int Videos = 5000;
    private const int Channels = 500;
    private const int Playlists = 300;
    private const string Prefix = "sr";

    /// <summary>A search's SQL, as the API runs it (same functions, filters and order), and the indexes its plan must use.</summary>
    private sealed record Query(string Name, string[] Indexes, string[] NoSeqScanOn, string Sql);

    private static readonly Query[] Queries =
    [
        new("search prefix", ["ix_videos_search_vector"], ["videos"], VideoSearch("'kalomi'")),
        new("search typo", ["ix_videos_title_trigrams"], ["videos"], VideoSearch("'kalmoine'")),
        new("search suggestions", ["ix_videos_search_vector"], ["videos"], """
            SELECT id, title FROM (
                SELECT DISTINCT ON (venvid_fold(v.title)) v.id, v.title, v.view_count FROM videos v
                WHERE v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND v.published_at IS NOT NULL
                  AND v.search_vector @@ venvid_title_query('kalo')
                ORDER BY venvid_fold(v.title), v.view_count DESC, v.id) t
            ORDER BY view_count DESC, id LIMIT 10
            """),
        new("search channels", ["ix_users_search_document", "ix_users_search_trigrams"], ["users"], """
            SELECT u.id FROM users u
            WHERE venvid_text_matches(to_tsvector('venvid_search', venvid_channel_name(u.username, u.display_name)), venvid_channel_name(u.username, u.display_name), 'studio kalo')
            ORDER BY venvid_text_rank(to_tsvector('venvid_search', venvid_channel_name(u.username, u.display_name)), venvid_channel_name(u.username, u.display_name), 'studio kalo') DESC,
                     u.subscriber_count DESC, u.id DESC
            LIMIT 21
            """),
    ];

    private static string VideoSearch(string q) => $"""
        SELECT v.id FROM videos v
        WHERE v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND v.published_at IS NOT NULL
          AND venvid_text_matches(v.search_vector, v.title, {q})
        ORDER BY venvid_text_rank(v.search_vector, v.title, {q}) DESC, v.view_count DESC, v.published_at DESC, v.id DESC
        LIMIT 21
        """;

    /// <summary>What the load test asks: prefixes and typos of vocabulary words, rotated per request.</summary>
    private static readonly string[] Searches = ["kalo", "kalomi", "mine", "rusa", "tivo", "zepa", "dofi", "kalmoine", "sarutu", "vozepa"];

    public async Task<List<Row>> RunAsync()
    {
        Console.WriteLine($"9 search: seeding {Videos} videos, {Channels} channels, {Playlists} playlists");
        await using (var db = new NpgsqlConnection(platform.Database))
        {
            await db.OpenAsync();
            await Exec(db, SeedSql(ownerId));
            // As autovacuum leaves a live table: fresh statistics, and the GIN indexes' pending lists merged (with
            // thousands of rows still pending, the planner rightly prefers a sequential scan).
            await Exec(db, "VACUUM (ANALYZE) videos, users, playlists");
        }

        var rows = new List<Row>();
        foreach (var query in Queries)
        {
            rows.Add(await ExplainAsync(query));
        }

        var bodies = Directory.CreateDirectory(Path.Combine(workDirectory, "search-bodies")).FullName;
        using (var http = platform.AuthorizedClient(token))
        {
            await File.WriteAllBytesAsync(Path.Combine(bodies, "search.json"), await http.GetByteArrayAsync("/api/videos?q=kalomi"));
            await File.WriteAllBytesAsync(Path.Combine(bodies, "suggest.json"), await http.GetByteArrayAsync("/api/search/suggestions?q=kalo"));
        }

        await using var bare = await Bare.StartAsync(bodies);
        // Signed in, so neither the API's output cache nor HTTP caching answers: every request runs its query.
        var searchScript = Script("search", "/api/videos?q=");
        var suggestScript = Script("suggest", "/api/search/suggestions?q=");
        var (bareSearch, search) = await HttpBenchmarks.PairAsync(new Uri(bare.Url, "/search").ToString(), platform.Api.ToString(), null, searchScript);
        rows.Add(HttpBenchmarks.HttpRow("9 search, videos", $"GET /api/videos?q= over {Videos:N0} videos, signed in (uncached), 10 prefixes and typos rotated, a client address per request", bareSearch, search, "—", null));
        var (bareSuggest, suggest) = await HttpBenchmarks.PairAsync(new Uri(bare.Url, "/suggest").ToString(), platform.Api.ToString(), null, suggestScript);
        rows.Add(HttpBenchmarks.HttpRow("9 search, suggestions", "GET /api/search/suggestions?q=, signed in (uncached), same rotation", bareSuggest, suggest, "—", null));
        return rows;
    }

    private async Task<Row> ExplainAsync(Query query)
    {
        await using var db = new NpgsqlConnection(platform.Database);
        await db.OpenAsync();
        var plan = new List<string>();
        await using (var reader = await new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + query.Sql, db).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var file = Path.Combine(Paths.Bench, "results", $"plan-{query.Name.Replace(' ', '-')}.txt");
        await File.WriteAllTextAsync(file, query.Sql + "\n\n" + string.Join('\n', plan) + "\n");
        var used = query.Indexes.Where(index => plan.Any(l => l.Contains(index, StringComparison.Ordinal))).ToList();
        var seqScans = plan.Select(l => SeqScanRegex().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        var forbidden = seqScans.Where(query.NoSeqScanOn.Contains).ToList();
        var time = plan.LastOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal))?.Replace("Execution Time: ", "") ?? "?";
        var scans = seqScans.Count == 0 ? "none" : string.Join(", ", seqScans);
        Console.WriteLine($"    {query.Name}: uses {(used.Count > 0 ? string.Join(", ", used) : "none of " + string.Join(", ", query.Indexes))}; {time}; seq scans: {scans}");
        return new Row($"9 {query.Name} plan", $"EXPLAIN ANALYZE over the seeded catalogue (results/{Path.GetFileName(file)})",
            string.Join(" or ", query.Indexes), $"{(used.Count > 0 ? string.Join(", ", used) : "no index")}; {time}; seq scans: {scans}",
            "—", $"GIN index scan, no seq scan on {string.Join(", ", query.NoSeqScanOn)}", used.Count > 0 && forbidden.Count == 0 ? "yes" : "no");
    }

    /// <summary>A wrk script: GET {path}{one of Searches}, signed in (never served from a cache), each request from a new address.</summary>
    private string Script(string name, string path) =>
        Wrk.WriteClientsScript(Path.Combine(workDirectory, $"search-{name}.lua"), "searches from distinct clients, signed in", 60,
            $"local searches = {{ {string.Join(", ", Searches.Select(s => $"\"{s}\""))} }}",
            $"wrk.format(\"GET\", \"{path}\" .. searches[(counter % #searches) + 1], {{ [\"X-Forwarded-For\"] = ip, [\"Authorization\"] = \"Bearer {token}\" }}, nil)");

    private static async Task Exec(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    // Words of three syllables from twelve (1,728 of them), so titles share words the way real ones do.
    private static string SeedSql(string owner) => $"""
        SELECT setseed(0.42);
        CREATE TEMP TABLE vocabulary AS
            SELECT row_number() OVER () AS n, a || b || c AS word
            FROM unnest(ARRAY['ka','lo','mi','ne','ru','sa','ti','vo','ze','pa','do','fi']) a,
                 unnest(ARRAY['ka','lo','mi','ne','ru','sa','ti','vo','ze','pa','do','fi']) b,
                 unnest(ARRAY['ka','lo','mi','ne','ru','sa','ti','vo','ze','pa','do','fi']) c;
        CREATE TEMP TABLE titles AS
            SELECT g, (SELECT string_agg(initcap(word), ' ') FROM (SELECT word FROM vocabulary ORDER BY random() + g * 0 LIMIT 3 + g % 3) w) AS title
            FROM generate_series(1, {Videos}) g;
        INSERT INTO videos (id, owner_id, title, description, visibility, status, progress, duration_seconds, width, height,
                            view_count, like_count, trending_score, created_at, updated_at, published_at)
        SELECT '{Prefix}' || lpad(g::text, 6, '0') || substr(md5(g::text), 1, 4), '{owner}', title,
               'Seeded by bench/Venvid.Bench for the search benchmark: ' || title || ' and more.', 'public', 'ready', 100, 60 + g % 1800, 1920, 1080,
               (hashtext(g::text) & 1048575)::bigint, 0, 0, now() - g * interval '1 minute', now(), now() - g * interval '1 minute'
        FROM titles;
        INSERT INTO users (id, email, email_normalized, username, username_normalized, display_name, password_hash, role, created_at, subscriber_count)
        SELECT gen_random_uuid(), 'search' || g || '@example.test', 'search' || g || '@example.test', 'search_' || g, 'search_' || g,
               (SELECT initcap(word) FROM vocabulary WHERE n = 1 + (g * 7) % 1728) || ' Studio', 'not-a-hash', 'user', now(), g % 97
        FROM generate_series(1, {Channels}) g;
        INSERT INTO playlists (id, owner_id, title, description, visibility, kind, video_count, created_at, updated_at)
        SELECT 'srp' || lpad(g::text, 8, '0'), '{owner}', (SELECT title FROM titles WHERE titles.g = p.g * 13 % {Videos} + 1), '', 'public', 'playlist', 1 + g % 20, now(), now()
        FROM generate_series(1, {Playlists}) AS p(g);
        """;

    [GeneratedRegex(@"Seq Scan on (\w+)")]
    private static partial Regex SeqScanRegex();
}
