using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Venvid.ApiService.Videos;

/// <summary>
/// An opaque keyset position: the ordering it belongs to, the last item's sort key and its id (the tie-breaker).
/// Encoded as base64url JSON; clients must treat it as opaque.
/// </summary>
public sealed record Cursor(string Order, string Key, string Id)
{
    /// <summary>No cursor this API hands out is longer (the OpenAPI document states it).</summary>
    public const int MaxLength = 512;

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    /// <summary>Decodes <paramref name="text"/> for <paramref name="order"/>; false for garbage or a cursor of another ordering.</summary>
    public static bool TryDecode(string? text, string order, out Cursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length > MaxLength)
        {
            return false;
        }

        try
        {
            var decoded = JsonSerializer.Deserialize<Cursor>(Base64Url.DecodeFromChars(text));
            if (decoded is null || decoded.Order != order || string.IsNullOrEmpty(decoded.Id) || decoded.Key is null)
            {
                return false;
            }

            cursor = decoded;
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    public static string FromTime(DateTimeOffset time) => time.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static string FromLong(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string FromDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string FromFloat(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    public bool TryTime(out DateTimeOffset time) => ParseTime(Key, out time);

    public bool TryLong(out long value) => ParseLong(Key, out value);

    public bool TryDouble(out double value) =>
        double.TryParse(Key, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public bool TryFloat(out float value) => ParseFloat(Key, out value);

    /// <summary>The inverse of <see cref="FromTime"/>, for keys of several parts too.</summary>
    public static bool ParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) || ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    public static bool ParseLong(string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool ParseFloat(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
}

/// <summary>
/// The key of a ranked result (a search): its relevance, then a count and a time that break ties (views and
/// publication for videos, followers for channels, size and last change for playlists).
/// </summary>
public sealed record RankedKey(float Rank, long Tie, DateTimeOffset At)
{
    public override string ToString() => string.Join('|', Cursor.FromFloat(Rank), Cursor.FromLong(Tie), Cursor.FromTime(At));

    public static RankedKey? TryParse(string key)
    {
        var parts = key.Split('|');
        return parts.Length == 3 && Cursor.ParseFloat(parts[0], out var rank) && Cursor.ParseLong(parts[1], out var tie) && Cursor.ParseTime(parts[2], out var at)
            ? new RankedKey(rank, tie, at)
            : null;
    }
}
