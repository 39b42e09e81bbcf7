using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Venvid.ApiService.Search;

/// <summary>
/// What people type, matched the way they mean it: every word a prefix ("Mandel" finds "Mandelbrot"), small typos
/// forgiven by trigram word similarity on the name ("mandelbrto"), accents and case ignored. SQL functions created by
/// the <c>SearchThatForgives</c> migration, inlined by Postgres so each side of the match uses its GIN index.
/// </summary>
public static class SearchFunctions
{
    /// <summary>The longest query accepted, in characters.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>
    /// True when every word of <paramref name="query"/> starts a word of <paramref name="document"/>, or the query
    /// is word-similar to <paramref name="name"/> (pg_trgm's word similarity above its threshold, 0.6).
    /// </summary>
    public static bool Matches(NpgsqlTsVector document, string name, string query) => throw OnlyInQueries();

    /// <summary>Relevance: the text rank (titles weigh more than descriptions) plus the name's word similarity.</summary>
    public static float Rank(NpgsqlTsVector document, string name, string query) => throw OnlyInQueries();

    /// <summary>The text search configuration documents are indexed with (simple + unaccent).</summary>
    public const string Configuration = "venvid_search";

    /// <summary>The query trimmed (null when blank), adding a message to <paramref name="errors"/> when it is too long or, if <paramref name="required"/>, missing.</summary>
    public static string? ReadQuery(string? q, bool required, Dictionary<string, string[]> errors)
    {
        q = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (q is null && required)
        {
            errors["q"] = ["q is required: the words to search for."];
        }
        else if (q?.Length > MaxQueryLength)
        {
            errors["q"] = [$"q must be at most {MaxQueryLength} characters."];
        }

        return q;
    }

    internal static void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDbFunction(typeof(SearchFunctions).GetMethod(nameof(Matches))!).HasName("venvid_text_matches");
        modelBuilder.HasDbFunction(typeof(SearchFunctions).GetMethod(nameof(Rank))!).HasName("venvid_text_rank");
    }

    private static InvalidOperationException OnlyInQueries() => new("Translated to SQL by EF Core; not callable in memory.");
}
