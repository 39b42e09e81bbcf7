using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Venvid.Contracts;

namespace Venvid.ApiService.Infrastructure;

/// <summary>
/// Examples of the main records in the OpenAPI document, serialised from real DTOs with the API's own JSON options,
/// so an example always has the shape the API answers with.
/// </summary>
public static class OpenApiExamples
{
    private static readonly DateTimeOffset Uploaded = new(2026, 11, 28, 17, 4, 12, TimeSpan.Zero);

    private static readonly UploaderDto Uploader = new("0b8f3c52-93a4-4c0e-a1f8-6d2f0c9e7a41", "fractals", "Fractal Lab");

    private static readonly VideoDto Video = new()
    {
        Id = "Xq3vR8mKp",
        Title = "Mandelbrot zoom, 1080p",
        Description = "0:00 Intro\n0:42 The seahorse valley\n3:10 Minibrot",
        Visibility = Visibilities.Public,
        Status = VideoStatuses.Ready,
        Progress = 100,
        DurationSeconds = 312.48,
        Width = 1920,
        Height = 1080,
        ThumbnailUrl = "/media/videos/Xq3vR8mKp/poster.jpg",
        Thumbnails = [new(320, 180, "image/jpeg", "/media/videos/Xq3vR8mKp/thumbnails/320.jpg"), new(720, 405, "image/jpeg", "/media/videos/Xq3vR8mKp/poster.jpg")],
        PlaybackUrl = "/media/videos/Xq3vR8mKp/master.m3u8",
        StoryboardUrl = "/media/videos/Xq3vR8mKp/storyboard.vtt",
        Renditions = [new("360p", 640, 360, 800_000, true), new("720p", 1280, 720, 2_800_000, true), new("1080p", 1920, 1080, 5_000_000, true)],
        Captions = [new("en", "English", "/media/videos/Xq3vR8mKp/captions/en.vtt")],
        Chapters = [new(0, "Intro"), new(42, "The seahorse valley"), new(190, "Minibrot")],
        ViewCount = 18_204,
        LikeCount = 1_377,
        CommentCount = 86,
        LikedByMe = false,
        Uploader = Uploader,
        CreatedAt = Uploaded,
        PublishedAt = Uploaded.AddMinutes(6),
    };

    private static readonly Dictionary<Type, object> Samples = new()
    {
        [typeof(VideoDto)] = Video,
        [typeof(UserDto)] = new UserDto(Uploader.Id, Uploader.Username, "lab@fractals.example", Uploader.DisplayName, "Deep zooms, rendered overnight.", null, Uploaded.AddDays(-90)),
        [typeof(ChannelDto)] = new ChannelDto(Uploader.Id, Uploader.Username, Uploader.DisplayName, "Deep zooms, rendered overnight.", null, Uploaded.AddDays(-90), 42, 3_150, true),
        [typeof(PlaylistDto)] = new PlaylistDto("Pl7wQ2nX9", "Zooms", "Every deep zoom so far.", Visibilities.Public, PlaylistKinds.Playlist, 12, Video.ThumbnailUrl, Video.Thumbnails, Uploader, Uploaded.AddDays(-30), Uploaded),
        [typeof(CommentDto)] = new CommentDto("Cm4kT9pQ1", Video.Id, null, new UploaderDto("5d1e7a90-2b6c-4f3e-9a0d-8c4b2e6f1a37", "viewer", null), "The minibrot at 3:10 is perfect.", Uploaded.AddHours(2), null, 3, false),
        [typeof(Tokens)] = new Tokens("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwYjhmM2M1MiJ9.c2lnbmF0dXJl", "q8Yw3mZ0v1XrT9bLcK2nP5sR7uE4dG6hJ8aB0fC3iQ", 900),
    };

    public static OpenApiOptions AddExamples(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is null && Samples.TryGetValue(context.JsonTypeInfo.Type, out var sample))
            {
                var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                schema.Examples = [JsonSerializer.SerializeToNode(sample, context.JsonTypeInfo.Type, json)!];
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
