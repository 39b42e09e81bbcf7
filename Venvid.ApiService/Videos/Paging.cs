using Microsoft.AspNetCore.Http.HttpResults;

namespace Venvid.ApiService.Videos;

/// <summary>A page request of a time-ordered list: how many, and after which (time, id) position.</summary>
public sealed record TimePage(int Take, Cursor? After, DateTimeOffset At);

/// <summary>The <c>cursor</c>/<c>limit</c> rules of every list: limit 1–100 (default 20), a cursor of the same list.</summary>
public static class Paging
{
    /// <summary>The page asked for, or null and the validation problem naming every bad parameter.</summary>
    public static TimePage? Read(string? cursor, int? limit, string order, out ValidationProblem? invalid)
    {
        var take = limit ?? VideoEndpoints.DefaultLimit;
        var at = default(DateTimeOffset);
        var cursorOk = Cursor.TryDecode(cursor, order, out var after) && (after is null || after.TryTime(out at));
        invalid = Invalid(take is >= 1 and <= VideoEndpoints.MaxLimit, cursorOk);
        return invalid is null ? new TimePage(take, after, at) : null;
    }

    /// <summary>For lists keyed otherwise: the problem for a bad limit and/or cursor, null when both are fine.</summary>
    public static ValidationProblem? Invalid(bool limitOk, bool cursorOk)
    {
        var errors = new Dictionary<string, string[]>();
        AddErrors(errors, limitOk, cursorOk);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    /// <summary>Adds the messages for a bad limit and/or cursor to <paramref name="errors"/> (lists with more parameters).</summary>
    public static void AddErrors(Dictionary<string, string[]> errors, bool limitOk, bool cursorOk)
    {
        if (!limitOk)
        {
            errors["limit"] = [$"limit must be between 1 and {VideoEndpoints.MaxLimit}."];
        }

        if (!cursorOk)
        {
            errors["cursor"] = ["The cursor is invalid or belongs to another list."];
        }
    }
}
