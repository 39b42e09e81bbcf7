using System.Net;
using System.Security.Cryptography;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>Search as people type: halfway words, typos, accents and case; channels and playlists; suggestions.</summary>
[Collection(VenvidCollection.Name)]
public sealed class SearchTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task A_video_is_found_by_a_word_prefix_a_typo_its_accents_or_case_but_not_by_other_words()
    {
        var uploader = await fixture.SignUpAsync();
        var word = "Mandel" + Letters(6);          // e.g. "Mandelqzkpwr", a word no other test uses
        var accented = "Crème" + Letters(5);       // e.g. "Crèmexyzab"
        var video = await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} zoom, 1080p {accented} brûlée");
        await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} private", visibility: Visibilities.Private);
        await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} processing", status: VideoStatuses.Processing);
        await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} unlisted", visibility: Visibilities.Unlisted);
        var typo = word[..^2] + word[^1] + word[^2]; // the last two letters swapped

        foreach (var q in new[] { word, word[..8], word.ToUpperInvariant(), typo, $"{word[..7]} zo", "creme" + accented[5..], $"CRÈME{accented[5..].ToUpperInvariant()} brulee" })
        {
            var found = await uploader.Api.ListVideosAsync(q: q);
            Assert.True(found.IsSuccessStatusCode, found.ErrorContent());
            Assert.True(found.Content!.Items.Select(v => v.Id).SequenceEqual([video]), $"q={q} found [{string.Join(", ", found.Content.Items.Select(v => v.Title))}]");
        }

        foreach (var q in new[] { "giraffe" + Letters(6), word + "s" + Letters(4) + " giraffe" })
        {
            var found = await uploader.Api.ListVideosAsync(q: q);
            Assert.DoesNotContain(found.Content!.Items, v => v.Id == video);
        }
    }

    [Fact]
    public async Task Search_results_rank_titles_first_break_ties_by_views_and_page_each_match_once()
    {
        var uploader = await fixture.SignUpAsync();
        var word = "Quill" + Letters(7);
        var inDescription = await fixture.SeedVideoAsync(uploader.User.Id, title: "Nothing here", description: $"about {word}", viewCount: 1_000);
        var titled = new List<(string Id, long Views, int Order)>();
        foreach (var views in new long[] { 5, 50, 5, 500, 0 })
        {
            titled.Add((await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} part", viewCount: views), views, titled.Count));
        }

        var found = await SeededVideos.AllPagesAsync(c => uploader.Api.ListVideosAsync(q: word, cursor: c, limit: 2));

        // Same title, same relevance: more views first, then the newer; the description match after every title match.
        var expected = titled.OrderByDescending(t => t.Views).ThenByDescending(t => t.Order).Select(t => t.Id).ToList();
        Assert.Equal([.. expected, inDescription], found.Where(v => v.Id == inDescription || titled.Any(t => t.Id == v.Id)).Select(v => v.Id));
        Assert.Equal(found.Count, found.Select(v => v.Id).Distinct().Count());
        Assert.Equal(6, found.Count);
    }

    [Fact]
    public async Task Search_filters_by_upload_date_and_length()
    {
        var uploader = await fixture.SignUpAsync();
        var word = "Fjord" + Letters(7);
        var old = await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} old", publishedAt: DateTimeOffset.UtcNow.AddDays(-40));
        var clip = await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} clip");
        var talk = await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} talk");
        var film = await fixture.SeedVideoAsync(uploader.User.Id, title: $"{word} film");
        foreach (var (id, seconds) in new[] { (old, 30.0), (clip, 239.0), (talk, 600.0), (film, 1201.0) })
        {
            await fixture.ScalarAsync<int>("UPDATE videos SET duration_seconds = @s WHERE id = @id RETURNING 1", ("s", seconds), ("id", id));
        }

        async Task<string[]> Ids(string? after, string? duration) =>
            [.. (await uploader.Api.ListVideosAsync(q: word, publishedAfter: after, duration: duration)).Content!.Items.Select(v => v.Id).Order()];

        var lastMonth = DateTimeOffset.UtcNow.AddDays(-30).ToString("yyyy-MM-dd");
        Assert.Equal(new[] { clip, film, talk }.Order(), await Ids(lastMonth, null));
        Assert.Equal(new[] { clip, old }.Order(), await Ids(null, "short"));
        Assert.Equal([talk], await Ids(null, "medium"));
        Assert.Equal([film], await Ids(lastMonth, "LONG"));
    }

    [Theory]
    [InlineData("/api/videos?duration=forever", "duration")]
    [InlineData("/api/videos?publishedAfter=yesterday", "publishedAfter")]
    [InlineData("/api/channels", "q")]
    [InlineData("/api/playlists?q=", "q")]
    [InlineData("/api/search/suggestions?q=cat&limit=11", "limit")]
    [InlineData("/api/channels?q=cat&cursor=bogus", "cursor")]
    public async Task Bad_search_parameters_are_validation_problems_naming_the_parameter(string path, string parameter)
    {
        using var http = fixture.CreateClient("web");

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{parameter}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Channels_are_found_by_name_prefix_or_typo_and_public_playlists_by_title()
    {
        var name = "Zephyrine" + Letters(5);
        var owner = await fixture.SignUpAsync(displayName: $"{name} Studios");
        var video = await fixture.SeedVideoAsync(owner.User.Id, title: "Anything");

        var channels = await SeededVideos.AllPagesAsync(c => owner.Api.SearchChannelsAsync(name[..10], c, 1));
        Assert.Contains(channels, c => c.Username == owner.User.Username);
        var typo = name[..3] + name[4] + name[3] + name[5..];
        Assert.Contains((await owner.Api.SearchChannelsAsync($"{typo} studios")).Content!.Items, c => c.Username == owner.User.Username);
        Assert.Contains((await owner.Api.SearchChannelsAsync(owner.User.Username)).Content!.Items, c => c.Username == owner.User.Username);

        var title = "Lullabies" + Letters(6);
        var shown = await CreatePlaylistAsync(owner, $"{title} for night", Visibilities.Public, video);
        await CreatePlaylistAsync(owner, $"{title} secret", Visibilities.Private, video);
        await CreatePlaylistAsync(owner, $"{title} empty", Visibilities.Public, videoId: null);

        var playlists = await SeededVideos.AllPagesAsync(c => owner.Api.SearchPlaylistsAsync(title[..11], c, 1));
        Assert.Equal([shown], playlists.Select(p => p.Id));
        Assert.Equal([shown], (await owner.Api.SearchPlaylistsAsync("lulabies" + title[9..])).Content!.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task Suggestions_complete_channels_then_titles_most_viewed_first_within_the_limit()
    {
        var word = "Orbit" + Letters(7);
        var owner = await fixture.SignUpAsync(displayName: $"{word} Channel");
        var titles = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            titles.Add($"{word} episode {i}");
            await fixture.SeedVideoAsync(owner.User.Id, title: titles[^1], viewCount: i * 10);
        }

        await fixture.SeedVideoAsync(owner.User.Id, title: $"{word} hidden", visibility: Visibilities.Private, viewCount: 1_000);
        await fixture.SeedVideoAsync(owner.User.Id, title: "Other", description: $"{word} in a description only", viewCount: 1_000);

        var all = (await owner.Api.GetSearchSuggestionsAsync(word[..7].ToLowerInvariant())).Content!.Items;

        Assert.Equal(10, all.Count);
        Assert.Equal(new Suggestion(SuggestionKinds.Channel, $"{word} Channel", null, owner.User.Username), all[0]);
        Assert.Equal(Enumerable.Range(3, 9).Reverse().Select(i => $"{word} episode {i}"), all.Skip(1).Select(s => s.Text));
        Assert.All(all.Skip(1), s => Assert.Equal(SuggestionKinds.Video, s.Kind));
        Assert.Equal(3, (await owner.Api.GetSearchSuggestionsAsync(word, limit: 3)).Content!.Items.Count);
    }

    private static async Task<string> CreatePlaylistAsync(SignedIn owner, string title, string visibility, string? videoId)
    {
        var created = await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest(title, null, visibility));
        Assert.True(created.IsSuccessStatusCode, created.ErrorContent());
        if (videoId is not null)
        {
            var added = await owner.Api.AddPlaylistItemAsync(created.Content!.Id, owner.AccessToken, new AddPlaylistItemRequest(videoId, null));
            Assert.True(added.IsSuccessStatusCode, added.ErrorContent());
        }

        return created.Content!.Id;
    }

    /// <summary>Random lower-case letters: words no other test (or earlier run) put in a title.</summary>
    private static string Letters(int count) => new([.. RandomNumberGenerator.GetItems("abcdefghijklmnopqrstuvwxyz".AsSpan(), count)]);
}
