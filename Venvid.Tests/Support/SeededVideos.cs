using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Venvid.Contracts;

namespace Venvid.Tests.Support;

/// <summary>Arranges catalogue rows straight in Postgres, so catalogue tests don't wait for the media pipeline.</summary>
public static class SeededVideos
{
    public static async Task<NpgsqlConnection> OpenDatabaseAsync(this AppHostFixture fixture)
    {
        var connection = new NpgsqlConnection(await fixture.GetConnectionStringAsync(fixture.PrimaryDatabase));
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<string> SeedVideoAsync(
        this AppHostFixture fixture,
        string ownerId,
        string? title = null,
        string status = VideoStatuses.Ready,
        string visibility = Visibilities.Public,
        DateTimeOffset? publishedAt = null,
        long viewCount = 0,
        double trendingScore = 0,
        string description = "",
        string? mediaPrefix = null)
    {
        var id = NewVideoId();
        await using var db = await fixture.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO videos (id, owner_id, title, description, visibility, status, progress, view_count, like_count,
                                trending_score, created_at, updated_at, published_at, media_prefix, master_playlist_key)
            VALUES (@id, @owner, @title, @description, @visibility, @status, @progress, @views, 0,
                    @trending, now(), now(), @published, @prefix, @playlist)
            """, db);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("owner", Guid.Parse(ownerId));
        command.Parameters.AddWithValue("title", title ?? "Video " + id);
        command.Parameters.AddWithValue("description", description);
        command.Parameters.AddWithValue("visibility", visibility);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("progress", status == VideoStatuses.Ready ? 100 : 10);
        command.Parameters.AddWithValue("views", viewCount);
        command.Parameters.AddWithValue("trending", trendingScore);
        command.Parameters.AddWithValue("published", status == VideoStatuses.Ready ? publishedAt ?? DateTimeOffset.UtcNow : DBNull.Value);
        command.Parameters.AddWithValue("prefix", (object?)mediaPrefix ?? DBNull.Value);
        command.Parameters.AddWithValue("playlist", mediaPrefix is null ? DBNull.Value : mediaPrefix + "/master.m3u8");
        await command.ExecuteNonQueryAsync();
        return id;
    }

    public static async Task<T> ScalarAsync<T>(this AppHostFixture fixture, string sql, params (string Name, object Value)[] parameters)
    {
        await using var db = await fixture.OpenDatabaseAsync();
        return await db.ScalarAsync<T>(sql, parameters);
    }

    /// <summary>One value from <paramref name="sql"/> on an open connection (the primary, or a replica).</summary>
    public static async Task<T> ScalarAsync<T>(this NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static string NewVideoId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(8)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ProblemDto Problem(this Refit.IApiResponse response) =>
        JsonSerializer.Deserialize<ProblemDto>(response.ErrorContent() ?? "{}", JsonSerializerOptions.Web)!;

    /// <summary>Follows <c>nextCursor</c> until the end.</summary>
    public static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<Refit.IApiResponse<Page<T>>>> page)
    {
        var all = new List<T>();
        string? cursor = null;
        do
        {
            var response = await page(cursor);
            Assert.True(response.IsSuccessStatusCode, response.ErrorContent());
            all.AddRange(response.Content!.Items);
            cursor = response.Content.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The condition was not met in time.");
            }

            await Task.Delay(250);
        }
    }
}
