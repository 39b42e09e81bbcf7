using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Venvid.ApiService.Captions;
using Venvid.ApiService.Comments;
using Venvid.ApiService.Playlists;
using Venvid.ApiService.Search;
using Venvid.ApiService.Uploads;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Infrastructure;

/// <summary>
/// Puts the API's limits into the OpenAPI document: every string gets its length (and a format, pattern or enum where
/// it has one), every integer its range, every array its size. The numbers are the constants the validation and the
/// schema use, so the document cannot promise what the API refuses.
/// </summary>
public static class OpenApiLimits
{
    private const string IdPattern = "^[A-Za-z0-9_-]+$";
    private const int IdMaxLength = 36; // user ids are UUIDs; videos, playlists and comments are shorter opaque ids
    private const int UrlMaxLength = 2048;
    private const int StoragePartLimit = 10_000; // S3's part count, which UploadOptions.MaxParts may not exceed

    /// <summary>String limits by JSON property (or parameter) name, then by declaring type where names mean two things.</summary>
    private static readonly Dictionary<string, Func<string?, StringLimit>> Strings = new(StringComparer.Ordinal)
    {
        ["title"] = type => new(type is nameof(PlaylistDto) or nameof(CreatePlaylistRequest) or nameof(UpdatePlaylistRequest)
            ? PlaylistRules.MaxTitleLength
            : type is nameof(ChapterDto) ? UploadValidation.DescriptionMax : UploadValidation.TitleMax),
        ["description"] = type => new(type is nameof(PlaylistDto) or nameof(CreatePlaylistRequest) or nameof(UpdatePlaylistRequest)
            ? PlaylistRules.MaxDescriptionLength
            : UploadValidation.DescriptionMax),
        ["text"] = type => new(type is nameof(Suggestion) ? PlaylistRules.MaxTitleLength : CommentEndpoints.MaxTextLength),
        ["q"] = _ => new(SearchFunctions.MaxQueryLength),
        ["displayName"] = _ => new(Users.UserEndpoints.MaxDisplayNameLength),
        ["bio"] = _ => new(Users.UserEndpoints.MaxBioLength),
        ["label"] = _ => new(CaptionEndpoints.MaxLabelLength),
        ["failureReason"] = _ => new(4000),
        ["login"] = _ => new(Auth.AuthEndpoints.MaxEmailLength),
        ["email"] = _ => new(Auth.AuthEndpoints.MaxEmailLength, Format: "email"),
        ["username"] = _ => new(Auth.AuthEndpoints.MaxUsernameLength, Pattern: Auth.AuthEndpoints.UsernameRule),
        ["password"] = _ => new(Auth.AuthEndpoints.MaxPasswordLength, Format: "password"),
        ["accessToken"] = _ => new(4096, Pattern: @"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"),
        ["refreshToken"] = _ => new(Auth.AuthEndpoints.MaxRefreshTokenLength, Pattern: IdPattern),
        ["tokenType"] = _ => new(16, Enum: ["Bearer"]),
        ["cursor"] = _ => new(Cursor.MaxLength, Pattern: IdPattern),
        ["nextCursor"] = _ => new(Cursor.MaxLength, Pattern: IdPattern),
        ["visibility"] = _ => new(16, Enum: [Visibilities.Public, Visibilities.Unlisted, Visibilities.Private]),
        ["status"] = _ => new(16, Enum: [VideoStatuses.Uploading, VideoStatuses.Queued, VideoStatuses.Processing, VideoStatuses.Ready, VideoStatuses.Failed]),
        ["kind"] = type => type is nameof(Suggestion)
            ? new(16, Enum: [SuggestionKinds.Video, SuggestionKinds.Channel])
            : new(16, Enum: [PlaylistKinds.Playlist, PlaylistKinds.WatchLater]),
        ["sort"] = _ => new(16, Pattern: "^[a-z]+$"),
        ["publishedAfter"] = _ => new(16, Pattern: "^[a-z]+$"),
        ["duration"] = _ => new(16, Pattern: "^[a-z]+$"),
        ["language"] = _ => new(LanguageTags.MaxLength, Pattern: "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"),
        ["name"] = _ => new(16, Pattern: "^[0-9]+p$"),
        ["type"] = _ => new(32, Pattern: "^image/[a-z]+$"),
        ["fileName"] = _ => new(UploadValidation.FileNameMax),
        ["contentType"] = _ => new(127, Pattern: "^video/"),
        ["etag"] = _ => new(128),
    };

    /// <summary>Integer ranges by JSON property (or parameter) name; anything else is a count or size from 0.</summary>
    private static readonly Dictionary<string, (long Min, long Max)> Integers = new(StringComparer.Ordinal)
    {
        ["limit"] = (1, VideoEndpoints.MaxLimit),
        ["progress"] = (0, 100),
        ["width"] = (0, 65_535),
        ["height"] = (0, 65_535),
        ["expiresIn"] = (1, 86_400),
        ["partNumber"] = (1, StoragePartLimit),
        ["partCount"] = (1, StoragePartLimit),
        ["partNumbers"] = (1, StoragePartLimit),
        ["position"] = (0, PlaylistStore.MaxItemsPerPlaylist),
        ["videoCount"] = (0, int.MaxValue),
        ["itemId"] = (1, long.MaxValue),
    };

    /// <summary>Array sizes by JSON property name and declaring type.</summary>
    private static int MaxItems(string name, string? type) => (name, type) switch
    {
        ("items", nameof(SavedInDto)) => PlaylistStore.MaxPlaylistsPerUser,
        ("items", nameof(SuggestionList)) => SearchEndpoints.MaxSuggestions,
        ("items", _) => VideoEndpoints.MaxLimit,
        ("renditions", _) => 16,
        ("thumbnails", _) => 16,
        ("captions", _) => CaptionEndpoints.MaxTracks,
        // Chapters are lines of the description, each at least "0:00 x".
        ("chapters", _) => UploadValidation.DescriptionMax / 5,
        ("parts" or "partNumbers" or "uploadedParts", _) => StoragePartLimit,
        _ => throw new InvalidOperationException($"No item limit for the array '{name}' of {type}: add one to {nameof(OpenApiLimits)}."),
    };

    public static OpenApiOptions AddLimits(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var name = context.JsonPropertyInfo?.Name ?? context.ParameterDescription?.Name;
            if (name is null || schema.Type is not { } type)
            {
                return Task.CompletedTask;
            }

            // Problem details are described whole by OpenApiProblems.
            if (context.JsonPropertyInfo?.DeclaringType.IsAssignableTo(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)) == true)
            {
                return Task.CompletedTask;
            }

            var declaringType = context.JsonPropertyInfo?.DeclaringType is { } declaring ? SchemaName(declaring) : null;
            if (type.HasFlag(JsonSchemaType.String) && !type.HasFlag(JsonSchemaType.Integer) && !type.HasFlag(JsonSchemaType.Number))
            {
                ApplyString(schema, name, declaringType);
            }
            else if (type.HasFlag(JsonSchemaType.Integer))
            {
                var (min, max) = Integers.GetValueOrDefault(name, (0, schema.Format == "int32" ? int.MaxValue : long.MaxValue));
                schema.Minimum = min.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Maximum = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (type.HasFlag(JsonSchemaType.Array))
            {
                schema.MaxItems = MaxItems(name, declaringType);
                if (schema.Items is OpenApiSchema { Type: { } itemType } items && itemType.HasFlag(JsonSchemaType.Integer))
                {
                    var (min, max) = Integers.GetValueOrDefault(name, (0, long.MaxValue));
                    items.Minimum = min.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    items.Maximum = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static void ApplyString(OpenApiSchema schema, string name, string? declaringType)
    {
        if (schema.Format == "date-time")
        {
            schema.MaxLength = 40;
            return;
        }

        if (name is "id" or "uploader" || name.EndsWith("Id", StringComparison.Ordinal))
        {
            schema.MaxLength = IdMaxLength;
            schema.Pattern = IdPattern;
            return;
        }

        if (name == "url" || name.EndsWith("Url", StringComparison.Ordinal))
        {
            schema.MaxLength = UrlMaxLength;
            schema.Format = "uri-reference";
            return;
        }

        if (!Strings.TryGetValue(name, out var limit))
        {
            throw new InvalidOperationException($"No length for the string '{name}' of {declaringType}: add one to {nameof(OpenApiLimits)}.");
        }

        var (maxLength, format, pattern, values) = limit(declaringType);
        schema.MaxLength = maxLength;
        schema.Format ??= format;
        schema.Pattern ??= pattern;
        if (values is not null)
        {
            schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v)!)];
        }

        if (schema.Format is null && schema.Pattern is null && schema.Enum is null)
        {
            MarkFreeText(schema);
        }
    }

    /// <summary>
    /// Marks a string as free text — any Unicode but control characters, up to its maxLength (titles, comments, bios;
    /// <see cref="TextRules"/>, as a pattern) — so the lint can tell it from an identifier, URL, date, token or enum,
    /// which must each carry a format, pattern or enum of their own.
    /// </summary>
    public static void MarkFreeText(OpenApiSchema schema)
    {
        schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        schema.Extensions[FreeText] = new JsonNodeExtension(JsonValue.Create(true));
        schema.Pattern = TextRules.Pattern;
    }

    /// <summary>A free-text string schema of at most <paramref name="maxLength"/> characters (see <see cref="MarkFreeText"/>).</summary>
    public static OpenApiSchema FreeTextSchema(int maxLength, string? description = null)
    {
        var schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength, Description = description };
        MarkFreeText(schema);
        return schema;
    }

    public const string FreeText = "x-free-text";

    /// <summary>The component name the document gives a type: its name, and Page&lt;T&gt; as PageOfT.</summary>
    private static string SchemaName(Type type) =>
        type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] + "Of" + string.Join("And", type.GetGenericArguments().Select(SchemaName)) : type.Name;

    private sealed record StringLimit(int MaxLength, string? Format = null, string? Pattern = null, string[]? Enum = null);
}
