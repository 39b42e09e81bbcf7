using System.Diagnostics;
using Npgsql;

namespace Venvid.Bench;

/// <summary>
/// Benchmark 7: the community lists' keyset queries (subscriptions feed, the caller's subscriptions, playlist items,
/// a video's comment threads) on a realistic amount of data, each EXPLAIN ANALYZEd at a deep cursor. A list passes
/// when its plan seeks the index made for it and reads almost nothing it throws away.
/// </summary>
public sealed class CommunityPlans(Platform platform)
{
    private const int Channels = 200;
    private const int VideosPerChannel = 25;
    private const int PlaylistItems = 5000;
    private const int Comments = 5000;

    /// <summary>A list's key query and the indexes a good plan for it seeks (any of them).</summary>
    private sealed record Query(string Name, string[] Indexes, string Sql);

    public async Task<List<Row>> RunAsync()
    {
        Console.WriteLine($"7 community plans: seeding {Channels} channels × {VideosPerChannel} videos, a playlist of {PlaylistItems}, {Comments} comments");
        await using var db = new NpgsqlConnection(platform.Database);
        await db.OpenAsync();
        var seeding = Stopwatch.StartNew();
        await Exec(db, SeedSql);
        await Exec(db, "ANALYZE");
        Console.WriteLine($"    seeded in {Fmt.S(seeding.Elapsed.TotalSeconds)}");

        var rows = new List<Row>();
        foreach (var query in Queries)
        {
            var plan = new List<string>();
            await Exec(db, "EXPLAIN (ANALYZE, BUFFERS) " + query.Sql);
            await using (var reader = await new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + query.Sql, db).ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            var file = Path.Combine(Paths.Bench, "results", $"plan-{query.Name.Replace(' ', '-')}.txt");
            await File.WriteAllTextAsync(file, query.Sql + "\n\n" + string.Join('\n', plan) + "\n");
            var used = query.Indexes.FirstOrDefault(index => plan.Any(l => l.Contains(index, StringComparison.Ordinal)));
            var seeks = used is not null;
            var seqScans = plan.Where(l => l.Contains("Seq Scan", StringComparison.Ordinal)).Select(l => l.Trim().Split("  (")[0].TrimStart('-', '>', ' ')).ToList();
            var removed = plan.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"Rows Removed by Filter: (\d+)")).Where(m => m.Success).Sum(m => long.Parse(m.Groups[1].Value, Fmt.Inv));
            var time = plan.LastOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal))?.Replace("Execution Time: ", "") ?? "?";
            var scans = seqScans.Count == 0 ? "none" : string.Join(", ", seqScans);
            Console.WriteLine($"    {query.Name}: {(seeks ? "seeks " + used : "uses none of " + string.Join(", ", query.Indexes))}; {time}; removed {removed}; seq scans: {scans}");
            rows.Add(new Row($"7 {query.Name} plan", "EXPLAIN ANALYZE at a deep cursor (results/" + Path.GetFileName(file) + ")",
                string.Join(" or ", query.Indexes), $"{used ?? "no index"}; {time}; rows removed by filter: {Fmt.N0(removed)}; seq scans: {scans}",
                "—", "seeks an index, no seq scan, ≤ 100 rows filtered", seeks && seqScans.Count == 0 && removed <= 100 ? "yes" : "no"));
        }

        return rows;
    }

    private static async Task Exec(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    // Fixed ids so the queries below can name them; every row is the bench's own.
    private const string Viewer = "00000000-0000-7000-8000-00000000b001";

    private static readonly string SeedSql = $"""
        INSERT INTO users (id, email, email_normalized, username, username_normalized, password_hash, role, created_at, subscriber_count)
        SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(4096 + n), 12, '0'))::uuid, 'bench' || n || '@example.test', 'bench' || n || '@example.test',
               'benchch' || n, 'benchch' || n, 'x', 'user', now(), 0
        FROM generate_series(0, {Channels}) AS n ON CONFLICT DO NOTHING;
        INSERT INTO users (id, email, email_normalized, username, username_normalized, password_hash, role, created_at, subscriber_count)
        VALUES ('{Viewer}', 'benchviewer@example.test', 'benchviewer@example.test', 'benchviewer', 'benchviewer', 'x', 'user', now(), 0) ON CONFLICT DO NOTHING;
        INSERT INTO videos (id, owner_id, title, description, visibility, status, progress, view_count, like_count, comment_count, trending_score, created_at, updated_at, published_at)
        SELECT 'bc' || lpad(to_hex(c * 1000 + v), 10, '0'), ('00000000-0000-7000-8000-' || lpad(to_hex(4096 + c), 12, '0'))::uuid,
               'Bench community video ' || c || '/' || v, '', 'public', 'ready', 100, 0, 0, 0, 0, now(), now(), now() - (c * {VideosPerChannel} + v) * interval '1 minute'
        FROM generate_series(1, {Channels}) AS c, generate_series(1, {VideosPerChannel}) AS v ON CONFLICT DO NOTHING;
        INSERT INTO subscriptions (subscriber_id, channel_id, created_at)
        SELECT '{Viewer}', ('00000000-0000-7000-8000-' || lpad(to_hex(4096 + c), 12, '0'))::uuid, now() - c * interval '1 minute'
        FROM generate_series(1, {Channels} / 2) AS c ON CONFLICT DO NOTHING;
        INSERT INTO subscriptions (subscriber_id, channel_id, created_at)
        SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(4096 + a), 12, '0'))::uuid, ('00000000-0000-7000-8000-' || lpad(to_hex(4096 + b), 12, '0'))::uuid, now()
        FROM generate_series(1, {Channels}) AS a, generate_series(1, {Channels}) AS b WHERE a <> b AND (b - a + {Channels}) % {Channels} <= 100
        ON CONFLICT DO NOTHING;
        INSERT INTO playlists (id, owner_id, title, description, visibility, kind, video_count, created_at, updated_at)
        VALUES ('benchplaylst', '{Viewer}', 'Bench playlist', '', 'public', 'playlist', {PlaylistItems}, now(), now()) ON CONFLICT DO NOTHING;
        INSERT INTO playlist_items (playlist_id, video_id, position, added_at)
        SELECT 'benchplaylst', 'bc' || lpad(to_hex(((n - 1) / {VideosPerChannel} + 1) * 1000 + ((n - 1) % {VideosPerChannel} + 1)), 10, '0'), n, now()
        FROM generate_series(1, {PlaylistItems}) AS n;
        INSERT INTO comments (id, video_id, author_id, parent_id, text, created_at, deleted, reply_count)
        SELECT 'bcm' || lpad(to_hex(n), 9, '0'), 'bc' || lpad(to_hex(1001), 10, '0'), '{Viewer}', NULL, 'Comment ' || n,
               now() - n * interval '1 second', false, 0
        FROM generate_series(1, {Comments}) AS n ON CONFLICT DO NOTHING;
        """;

    private static readonly Query[] Queries =
    [
        new("subscriptions feed", ["ix_videos_new", "ix_videos_channel"], $"""
            SELECT v.id, v.published_at FROM videos AS v
            WHERE v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND v.published_at IS NOT NULL
              AND EXISTS (SELECT 1 FROM subscriptions AS s WHERE s.subscriber_id = '{Viewer}' AND s.channel_id = v.owner_id)
              AND (v.published_at, v.id) < (now() - interval '1500 minutes', 'zzzzzzzzzzzz')
            ORDER BY v.published_at DESC, v.id DESC LIMIT 21
            """),
        new("my subscriptions", ["ix_subscriptions_subscriber_id_created_at_channel_id"], $"""
            SELECT s.created_at, s.channel_id FROM subscriptions AS s
            WHERE s.subscriber_id = '{Viewer}' AND (s.created_at, s.channel_id) < (now() - interval '60 minutes', '00000000-0000-7000-8000-000000000000')
            ORDER BY s.created_at DESC, s.channel_id DESC LIMIT 21
            """),
        new("playlist items", ["ux_playlist_items_position"], """
            SELECT i.id, i.position, i.video_id FROM playlist_items AS i JOIN videos AS v ON v.id = i.video_id
            WHERE i.playlist_id = 'benchplaylst' AND i.position > 4000 AND v.deleted_at IS NULL
              AND (v.status = 'ready' AND v.visibility <> 'private')
            ORDER BY i.position LIMIT 21
            """),
        new("comment threads", ["ix_comments_threads"], """
            SELECT c.id, c.created_at FROM comments AS c
            WHERE c.video_id = 'bc00000003e9' AND c.parent_id IS NULL AND (NOT c.deleted OR c.reply_count > 0)
              AND (c.created_at, c.id) < (now() - interval '4000 seconds', 'zzzzzzzzzzzz')
            ORDER BY c.created_at DESC, c.id DESC LIMIT 21
            """),
    ];
}
