using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Venvid.Contracts;
using Venvid.Tests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Venvid.Tests.Browser;

/// <summary>
/// The React app in real headless Chromium (the system's, no Playwright download) against the real AppHost:
/// sign up, sign in, upload through the file input with a moving progress bar, live processing status, playback,
/// like, search and Liked videos. Every step leaves a screenshot in the test artefacts.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed partial class BrowserTests(VenvidAppFixture fixture, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(4);
    private const float StepTimeoutMs = 30_000;

    private readonly TestVideos _media = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    /// <summary>Screenshots (and each page's console log) go here; <c>scripts/test.sh</c> points it into the results.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("VENVID_TEST_ARTIFACTS") ?? Path.Combine(Path.GetTempPath(), "venvid-test-artifacts"),
        "screenshots");

    public async Task InitializeAsync()
    {
        // The system Chromium is used: never let Playwright try to download its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH", Path.Combine(Path.GetTempPath(), "venvid-no-playwright-browsers"));
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        SetDefaultExpectTimeout(StepTimeoutMs);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    public void Dispose() => _media.Dispose();

    [Fact]
    public async Task Desktop_sign_up_upload_watch_like_search_and_liked_videos()
    {
        var title = "Browser test " + Guid.NewGuid().ToString("n")[..8];
        // ~20 MB (noise defeats compression) so the upload has several 8 MiB parts and its progress is visible.
        var file = await GenerateBigVideoAsync("desktop-upload");
        output.WriteLine($"upload file: {new FileInfo(file).Length:N0} bytes");

        await using var session = await OpenAsync("desktop", 1280, 800, mobile: false);
        var page = session.Page;
        var shot = session.Screenshot;

        // Sign up (the app signs in and goes home), sign out, then sign in with the new account.
        var account = await SignUpAsync(session);
        await page.GetByTestId("account-menu").ClickAsync();
        await shot("account-menu");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByLabel("Email or username").FillAsync(account.Username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(account.Password);
        await shot("login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("account-menu")).ToBeVisibleAsync();

        // Upload through the file input: the bar moves, processing shows live, then Ready with a Watch link.
        var videoId = await UploadAsync(session, file, title);

        // Home lists the new video with its thumbnail.
        await page.GetByRole(AriaRole.Link, new() { Name = "Venvid home" }).ClickAsync();
        var homeCard = page.GetByTestId("video-card").Filter(new() { HasText = title }).First;
        await Expect(homeCard).ToBeVisibleAsync();
        await ExpectThumbnailLoadedAsync(homeCard);
        await shot("home");

        // Watch: it really plays.
        await homeCard.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/watch/{Regex.Escape(videoId)}$"));
        await Expect(page.GetByTestId("video-title")).ToHaveTextAsync(title);
        var playedTo = await ExpectPlaysAsync(page);
        output.WriteLine($"video currentTime reached {playedTo.ToString("0.00", CultureInfo.InvariantCulture)} s");
        await shot("watch-playing");

        // Like: pressed at once, the count goes up, and it sticks after a reload (the API stored it).
        var like = page.GetByTestId("like-button");
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "false");
        var before = LikeCount(await like.GetAttributeAsync("aria-label"));
        await like.ClickAsync();
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(like).ToHaveAttributeAsync("aria-label", new Regex($"^Like, {before + 1} likes?$"));
        await shot("watch-liked");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("like-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByTestId("like-button")).ToHaveAttributeAsync("aria-label", new Regex($"^Like, {before + 1} likes?$"));

        // Search from the header: typed halfway, the box suggests the title; Enter searches what was typed.
        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Search" });
        await search.PressSequentiallyAsync(title[..^3]);
        await Expect(page.GetByTestId("search-suggestions").GetByRole(AriaRole.Option, new() { Name = title })).ToBeVisibleAsync();
        await shot("search-suggestions");
        await search.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q="));
        var found = page.GetByTestId("video-card").Filter(new() { HasText = title });
        await Expect(found).ToBeVisibleAsync();
        await shot("search");
        // The length filter keeps the short clip under 4 minutes and drops it over 20.
        await page.GetByLabel("Duration").SelectOptionAsync("short");
        await Expect(found).ToBeVisibleAsync();
        await page.GetByLabel("Duration").SelectOptionAsync("long");
        await Expect(page.GetByText(new Regex("^No videos match"))).ToBeVisibleAsync();
        await Expect(found).ToHaveCountAsync(0);

        // Captions and chapters: the uploader adds timestamped chapters and an English caption on the edit page…
        await page.GotoAsync($"/watch/{videoId}");
        await page.GetByTestId("edit-video").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit video" })).ToBeVisibleAsync();
        await page.GetByLabel("Description").FillAsync("A test clip.\n0:00 Opening\n0:04 Second half");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved" })).ToBeVisibleAsync();
        var vtt = Path.Combine(Path.GetTempPath(), $"captions-{Guid.NewGuid():n}.vtt");
        await File.WriteAllTextAsync(vtt, "WEBVTT\n\n00:00:00.000 --> 00:00:07.900\nHello from the <b>captions</b> &amp; more\n");
        await page.GetByLabel("Caption file (.vtt or .srt, up to 1 MiB)").SetInputFilesAsync(vtt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("caption-row")).ToContainTextAsync("English");
        await shot("edit-captions");

        // …a viewer turns them on (c), sees the cue drawn as text at its time, and jumps from chapter to chapter.
        await page.GetByRole(AriaRole.Link, new() { Name = "Watch", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("chapters").GetByRole(AriaRole.Button)).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("chapter-mark")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("c");
        await Expect(page.GetByTestId("captions-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByTestId("chapters").GetByRole(AriaRole.Button, new() { Name = "Opening" }).ClickAsync();
        await Expect(page.GetByTestId("player-captions")).ToHaveTextAsync("Hello from the captions & more", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("player-captions").Locator("b")).ToHaveCountAsync(0);
        await shot("watch-captions");
        await page.GetByTestId("chapters").GetByRole(AriaRole.Button, new() { Name = "Second half" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=video-player] video').currentTime >= 4", null, new() { Timeout = 10_000 });
        File.Delete(vtt);
        // A second HLS client reads the same master playlist: variants, codecs, and the caption as a subtitle rendition.
        await ExpectShakaPlaysAsync(session, videoId, subtitleLanguages: ["en"]);

        // Liked videos in the sidebar.
        await page.Locator("nav[aria-label=Main]").GetByRole(AriaRole.Link, new() { Name = "Liked videos" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me/liked$"));
        await Expect(page.GetByTestId("video-card").Filter(new() { HasText = title })).ToBeVisibleAsync();
        await shot("liked-videos");

        // Your videos shows its status.
        await page.Locator("nav[aria-label=Main]").GetByRole(AriaRole.Link, new() { Name = "Your videos" }).ClickAsync();
        await Expect(page.GetByTestId("video-card").Filter(new() { HasText = title })).ToBeVisibleAsync();
        await shot("your-videos");

        // Another creator's channel: subscribe there, and their upload is in the Subscriptions feed.
        var creator = await fixture.SignUpAsync(displayName: "Channel " + Guid.NewGuid().ToString("n")[..6]);
        var creatorTitle = "From a followed channel " + Guid.NewGuid().ToString("n")[..8];
        await fixture.SeedVideoAsync(creator.User.Id, title: creatorTitle);
        await page.GotoAsync($"/@{creator.User.Username}");
        await Expect(page.GetByTestId("channel-header")).ToContainTextAsync(creator.User.DisplayName!);
        var subscribe = page.GetByTestId("subscribe-button");
        await Expect(subscribe).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.GetByTestId("subscriber-count")).ToHaveTextAsync("0 subscribers");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Channel videos", Exact = true })
            .GetByTestId("video-card").Filter(new() { HasText = creatorTitle })).ToBeVisibleAsync();
        await subscribe.ClickAsync();
        await Expect(subscribe).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByTestId("subscriber-count")).ToHaveTextAsync("1 subscriber");
        await shot("channel-subscribed");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("subscribe-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByTestId("subscriber-count")).ToHaveTextAsync("1 subscriber");

        await page.Locator("nav[aria-label=Main]").GetByRole(AriaRole.Link, new() { Name = "Subscriptions" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/feed/subscriptions$"));
        // Scoped to the feed's own list: the channel page's card is on screen until the feed has rendered.
        var feedList = page.GetByRole(AriaRole.List, new() { Name = "Subscriptions feed", Exact = true });
        var followedCard = feedList.GetByTestId("video-card").Filter(new() { HasText = creatorTitle });
        await Expect(followedCard).ToBeVisibleAsync();
        await Expect(feedList.GetByTestId("video-card").Filter(new() { HasText = title })).ToHaveCountAsync(0);
        await shot("subscriptions-feed");
        await followedCard.GetByTestId("uploader-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/@{Regex.Escape(creator.User.Username)}$"));
        await Expect(page.GetByTestId("subscribe-button")).ToHaveAttributeAsync("aria-pressed", "true");

        // Save: the creator's short clip to Watch later and to a new playlist, then this user's own video to it too.
        var clip = await creator.UploadAsync(await _media.GenerateAsync(320, 240, 2, name: "creator-clip"), "Short clip " + Guid.NewGuid().ToString("n")[..6]);
        await creator.WaitForAsync(clip.Id, VideoStatuses.Ready);
        var playlistTitle = "Trip " + Guid.NewGuid().ToString("n")[..6];
        await page.GotoAsync($"/watch/{clip.Id}");
        // Up next: the creator's other video (same channel).
        await Expect(page.GetByTestId("up-next").GetByTestId("up-next-item").Filter(new() { HasText = creatorTitle })).ToBeVisibleAsync();
        await page.GetByTestId("save-button").ClickAsync();
        var savePanel = page.GetByTestId("save-panel");
        await savePanel.GetByLabel("Watch later").CheckAsync();
        await Expect(savePanel.GetByLabel("Watch later")).ToBeCheckedAsync();
        await savePanel.GetByLabel("New playlist").FillAsync(playlistTitle);
        await savePanel.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(savePanel.GetByLabel(playlistTitle)).ToBeCheckedAsync();
        await shot("save-menu");
        await page.Keyboard.PressAsync("Escape");
        await Expect(savePanel).ToHaveCountAsync(0);
        await page.GotoAsync($"/watch/{videoId}");
        await page.GetByTestId("save-button").ClickAsync();
        await page.GetByTestId("save-panel").GetByLabel(playlistTitle).CheckAsync();
        await Expect(page.GetByTestId("save-panel").GetByLabel(playlistTitle)).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Escape");

        // The playlist in order of saving; reorder, then back.
        await page.Locator("nav[aria-label=Main]").GetByRole(AriaRole.Link, new() { Name = "Playlists" }).ClickAsync();
        await page.GetByTestId("playlist-card").Filter(new() { HasText = playlistTitle }).GetByRole(AriaRole.Link, new() { Name = playlistTitle }).ClickAsync();
        var rows = page.GetByTestId("playlist-items").GetByTestId("playlist-item");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync(clip.Title);
        await Expect(rows.Nth(1)).ToContainTextAsync(title);
        await rows.Nth(1).GetByRole(AriaRole.Button, new() { Name = $"Move {title} up" }).ClickAsync();
        await Expect(rows.Nth(0)).ToContainTextAsync(title);
        await shot("playlist-reordered");
        await rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = $"Move {title} down" }).ClickAsync();
        await Expect(rows.Nth(0)).ToContainTextAsync(clip.Title);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("playlist-items").GetByTestId("playlist-item").Nth(1)).ToContainTextAsync(title);

        // Made public, it shows on the channel's Playlists tab.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
        await page.GetByLabel("Visibility").SelectOptionAsync("public");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByTestId("playlist-header")).ToContainTextAsync("public", new() { IgnoreCase = true });

        // Play all: the clip plays, and at its end the next video of the playlist starts.
        await page.GetByTestId("play-all").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/watch/{Regex.Escape(clip.Id)}\\?list="));
        await Expect(page.GetByTestId("playlist-panel")).ToContainTextAsync(playlistTitle);
        await shot("playlist-mode");
        await Expect(page).ToHaveURLAsync(new Regex($"/watch/{Regex.Escape(videoId)}\\?list="), new() { Timeout = 60_000 });
        await ExpectPlaysAsync(page);

        // Watch later holds the clip.
        await page.Locator("nav[aria-label=Main]").GetByRole(AriaRole.Link, new() { Name = "Watch later" }).ClickAsync();
        await Expect(page.GetByTestId("playlist-header")).ToContainTextAsync("Watch later");
        await Expect(page.GetByTestId("playlist-items").GetByTestId("playlist-item").Filter(new() { HasText = clip.Title })).ToHaveCountAsync(1);
        await shot("watch-later");

        // Home recommends the followed channel's video this viewer has not watched, above the new videos.
        await page.GotoAsync("/");
        var shelf = page.GetByRole(AriaRole.List, new() { Name = "Recommended for you", Exact = true });
        await Expect(shelf.GetByTestId("video-card").Filter(new() { HasText = creatorTitle })).ToBeVisibleAsync();
        await Expect(shelf.GetByTestId("video-card").Filter(new() { HasText = clip.Title })).ToHaveCountAsync(0);
        await shot("home-recommended");

        await page.GotoAsync($"/@{account.Username}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Playlists" }).ClickAsync();
        await Expect(page.GetByTestId("playlist-card").Filter(new() { HasText = playlistTitle })).ToBeVisibleAsync();
        await shot("channel-playlists");

        // Crawlers run no JavaScript: the web host fills the Open Graph tags of the watch page itself.
        using var http = fixture.CreateClient("web");
        var html = await http.GetStringAsync($"/watch/{videoId}");
        var ogTitle = MetaContent(html, "og:title");
        Assert.True(ogTitle?.Contains(title, StringComparison.Ordinal) == true, $"og:title was '{ogTitle}'");
        Assert.Contains(title, MetaContent(html, "twitter:title") ?? "", StringComparison.Ordinal);
        Assert.Contains($"/watch/{videoId}", MetaContent(html, "og:url") ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("__OG_", html, StringComparison.Ordinal);
        // …and preloads the poster sizes the player picks from (WebP), for the browser to choose as the player will.
        var watched = (await fixture.CreateClient("api").GetFromJsonAsync<VideoDto>($"/api/videos/{videoId}"))!;
        var srcset = string.Join(", ", watched.Thumbnails.Where(t => t.Type == "image/webp").OrderBy(t => t.Width).Select(t => $"{t.Url} {t.Width}w"));
        Assert.Contains($"<link rel=\"preload\" as=\"image\" imagesrcset=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(srcset)}\"", html, StringComparison.Ordinal);

        // The pages this flow did not pass through, each audited by axe-core with its screenshot.
        foreach (var (path, main) in new[] { ("/trending", "Trending"), ("/profile", "Profile"), ("/me/history", "History"), ("/me/playlists", "Playlists"), ("/search?q=b&type=channels", "search channels"), ("/no-such-page-here", "not found") })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await shot("page-" + main.Replace(' ', '-').ToLowerInvariant());
        }

        session.AssertNoCspViolations();
        session.AssertAccessible();
    }

    [Fact]
    public async Task Phone_width_sign_up_upload_watch_and_navigate()
    {
        var title = "Phone test " + Guid.NewGuid().ToString("n")[..8];
        var file = await _media.GenerateAsync(640, 360, 5, name: "phone-upload");

        await using var session = await OpenAsync("phone", 390, 844, mobile: true);
        var page = session.Page;
        var shot = session.Screenshot;

        await SignUpAsync(session);
        await session.AssertNoHorizontalScrollAsync("home (signed in)");

        // The sidebar is a drawer behind the Navigation button.
        var nav = page.Locator("nav[aria-label=Main]");
        await Expect(nav).Not.ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Navigation" }).ClickAsync();
        await Expect(nav).ToBeVisibleAsync();
        await shot("navigation-open");
        await page.Keyboard.PressAsync("Escape");
        await Expect(nav).Not.ToBeVisibleAsync();

        var videoId = await UploadAsync(session, file, title);
        await session.AssertNoHorizontalScrollAsync("upload");

        await page.GetByRole(AriaRole.Link, new() { Name = "Venvid home" }).ClickAsync();
        var card = page.GetByTestId("video-card").Filter(new() { HasText = title }).First;
        await Expect(card).ToBeVisibleAsync();
        await ExpectThumbnailLoadedAsync(card);
        await session.AssertNoHorizontalScrollAsync("home");
        await shot("home");

        await card.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/watch/{Regex.Escape(videoId)}$"));
        await ExpectPlaysAsync(page);
        await session.AssertNoHorizontalScrollAsync("watch");
        await shot("watch-playing");

        // Comments: post, reply, edit, delete the reply; the count follows. Markup stays text.
        var comments = page.GetByTestId("comments");
        await Expect(page.GetByTestId("comment-count")).ToHaveTextAsync("0 comments");
        await comments.GetByPlaceholder("Add a comment").FillAsync("First <b>comment</b>");
        await comments.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        var thread = comments.GetByTestId("comment").First;
        await Expect(thread.GetByTestId("comment-text").First).ToHaveTextAsync("First <b>comment</b>");
        await Expect(page.GetByTestId("comment-count")).ToHaveTextAsync("1 comment");
        await thread.GetByRole(AriaRole.Button, new() { Name = "Reply", Exact = true }).First.ClickAsync();
        await thread.GetByPlaceholder(new Regex("^Reply to ")).FillAsync("A reply");
        await thread.GetByRole(AriaRole.Button, new() { Name = "Reply", Exact = true }).Last.ClickAsync();
        var replies = comments.GetByRole(AriaRole.List, new() { Name = "Replies" });
        await Expect(replies.GetByTestId("comment-text")).ToHaveTextAsync("A reply");
        await Expect(page.GetByTestId("comment-count")).ToHaveTextAsync("2 comments");
        await thread.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).First.ClickAsync();
        await thread.GetByLabel("Edit comment").FillAsync("First comment, edited");
        await thread.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(thread.GetByTestId("comment-text").First).ToHaveTextAsync("First comment, edited");
        await Expect(thread).ToContainTextAsync("(edited)");
        await replies.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete comment" }).ClickAsync();
        await Expect(replies.GetByTestId("comment")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("comment-count")).ToHaveTextAsync("1 comment");
        await session.AssertNoHorizontalScrollAsync("comments");
        await comments.ScrollIntoViewIfNeededAsync();
        await shot("comments");

        // The uploader's name leads to their channel: their own, so no Subscribe button.
        await page.GetByTestId("uploader-link").ClickAsync();
        await Expect(page.GetByTestId("channel-header")).ToBeVisibleAsync();
        var channelList = page.GetByRole(AriaRole.List, new() { Name = "Channel videos", Exact = true });
        await Expect(page.GetByTestId("subscribe-button")).ToHaveCountAsync(0);
        await Expect(channelList.GetByTestId("video-card").Filter(new() { HasText = title })).ToBeVisibleAsync();
        await session.AssertNoHorizontalScrollAsync("channel");
        await shot("own-channel");

        // Navigate by the drawer on a phone.
        await page.GetByRole(AriaRole.Button, new() { Name = "Navigation" }).ClickAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Your videos" }).ClickAsync();
        await Expect(nav).Not.ToBeVisibleAsync();
        await Expect(page.GetByTestId("video-card").Filter(new() { HasText = title })).ToBeVisibleAsync();
        await session.AssertNoHorizontalScrollAsync("your videos");
        await shot("your-videos");

        session.AssertNoCspViolations();
        session.AssertAccessible();
    }

    private sealed record Account(string Email, string Username, string Password);

    private async Task<Account> SignUpAsync(BrowserSession session)
    {
        var page = session.Page;
        var username = "b_" + Guid.NewGuid().ToString("n")[..16];
        var account = new Account($"{username}@example.test", username, TestAccounts.DefaultPassword);

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign up" })).ToBeVisibleAsync();
        await session.Screenshot("home-signed-out");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/register"));
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(account.Email);
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(account.Username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(account.Password);
        await session.Screenshot("register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByTestId("account-menu")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        return account;
    }

    /// <summary>Uploads <paramref name="file"/> on /upload and waits for "Ready"; returns the video id from the Watch link.</summary>
    private async Task<string> UploadAsync(BrowserSession session, string file, string title)
    {
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Upload a video" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/upload$"));
        await session.Screenshot("upload-empty");

        await page.Locator("input[type=file]").SetInputFilesAsync(file);
        var item = page.GetByTestId("upload-item");
        await Expect(item).ToHaveCountAsync(1);
        await item.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await session.Screenshot("upload-details");
        await item.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

        await Expect(item.GetByTestId("processing-status")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await session.Screenshot("upload-processing");
        var ready = item.GetByTestId("processing-status").GetByText("Ready", new() { Exact = true });
        try
        {
            await Expect(ready).ToBeVisibleAsync(new() { Timeout = (float)ProcessingTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            await session.Screenshot("upload-not-ready");
            throw;
        }

        await session.Screenshot("upload-ready");

        // What the page showed while it worked (recorded in the page by a MutationObserver, see BrowserSession).
        var progress = await page.EvaluateAsync<int[]>("() => window.__venvid.progress");
        var statuses = await page.EvaluateAsync<string[]>("() => window.__venvid.statuses");
        output.WriteLine($"[{session.Name}] upload aria-valuenow seen: {string.Join(", ", progress)}");
        output.WriteLine($"[{session.Name}] processing status seen: {string.Join(" | ", statuses)}");
        Assert.True(progress.Distinct().Count() >= 2, $"the progress bar did not move: {string.Join(", ", progress)}");
        Assert.Equal(100, progress[^1]);
        Assert.Contains(progress, value => value is > 0 and < 100 || value == 100);
        // Live status: the same element went from a processing state to Ready without a reload.
        Assert.Contains(statuses, s => s.StartsWith("Processing ", StringComparison.Ordinal) || s.StartsWith("Queued", StringComparison.Ordinal));
        Assert.StartsWith("Ready", statuses[^1], StringComparison.Ordinal);

        var watch = item.GetByRole(AriaRole.Link, new() { Name = "Watch", Exact = true });
        var href = await watch.GetAttributeAsync("href") ?? "";
        var match = WatchHref().Match(href);
        Assert.True(match.Success, $"Watch link was '{href}'");
        return match.Groups[1].Value;
    }

    /// <summary>Waits until the player's <c>&lt;video&gt;</c> has played past 1 s; returns the time it reached.</summary>
    /// <summary>The npm package's build (a dev dependency of the front end, installed with it).</summary>
    private static string ShakaScript => Path.Combine(ProjectProcesses.RepositoryRoot, "Venvid.Web", "ClientApp", "node_modules", "shaka-player", "dist", "shaka-player.compiled.js");

    /// <summary>
    /// Shaka Player, a second HLS client with its own parser (it believes CODECS, reads I-frame playlists), plays the
    /// same stream from the web origin: a page of its own on that origin (routed by the browser, never served), so
    /// playlists and segments are same-origin requests as the app's are.
    /// </summary>
    private async Task ExpectShakaPlaysAsync(BrowserSession session, string videoId, string[] subtitleLanguages)
    {
        var video = (await fixture.CreateClient("api").GetFromJsonAsync<VideoDto>($"/api/videos/{videoId}"))!;
        var page = await session.Context.NewPageAsync();
        try
        {
            await page.RouteAsync("**/__shaka-player", route => route.FulfillAsync(new()
            {
                ContentType = "text/html",
                Body = "<!doctype html><html lang=\"en\"><head><title>Shaka Player</title></head><body><video muted playsinline></video></body></html>",
            }));
            await page.GotoAsync("/__shaka-player");
            await page.AddScriptTagAsync(new() { Path = ShakaScript });
            var loaded = await page.EvaluateAsync<string>("""
                async url => {
                  shaka.polyfill.installAll();
                  const video = document.querySelector('video');
                  const player = new shaka.Player();
                  await player.attach(video);
                  await player.load(url);
                  await video.play();
                  return JSON.stringify({
                    variants: player.getVariantTracks().map(t => `${t.videoCodec}|${t.audioCodec}|${t.height}`),
                    iframes: player.getImageTracks ? player.getImageTracks().length : -1,
                    text: player.getTextTracks().map(t => t.language),
                  });
                }
                """, video.PlaybackUrl);
            output.WriteLine("shaka: " + loaded);
            await page.WaitForFunctionAsync("() => document.querySelector('video').currentTime > 1", null, new() { Timeout = 60_000, PollingInterval = 250 });
            var tracks = JsonDocument.Parse(loaded).RootElement.GetProperty("variants").EnumerateArray().Select(t => t.GetString()!.Split('|')).ToList();
            // What it reads is what the stream is: H.264 Main (not a guessed Baseline), AAC-LC, every rendition.
            Assert.Equal(video.Renditions.Select(r => r.Height.ToString(CultureInfo.InvariantCulture)).Order(), tracks.Select(t => t[2]).Distinct().Order());
            Assert.All(tracks, t => Assert.StartsWith("avc1.4d", t[0], StringComparison.OrdinalIgnoreCase));
            Assert.All(tracks, t => Assert.Equal("mp4a.40.2", t[1]));
            Assert.Equal(subtitleLanguages, JsonDocument.Parse(loaded).RootElement.GetProperty("text").EnumerateArray().Select(t => t.GetString()!).Order());
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task<double> ExpectPlaysAsync(IPage page)
    {
        var video = page.GetByTestId("video-player").Locator("video");
        await Expect(video).ToHaveCountAsync(1);
        try
        {
            await page.WaitForFunctionAsync(
                "() => { const v = document.querySelector('[data-testid=video-player] video'); return !!v && v.currentTime > 1; }",
                null,
                new() { Timeout = 90_000, PollingInterval = 250 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("""
                () => {
                  const v = document.querySelector('[data-testid=video-player] video');
                  if (!v) return 'no video element';
                  return JSON.stringify({ currentTime: v.currentTime, readyState: v.readyState, networkState: v.networkState,
                    paused: v.paused, muted: v.muted, error: v.error && (v.error.code + ' ' + v.error.message), src: v.currentSrc,
                    h264: window.MediaSource ? MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E,mp4a.40.2"') : 'no MSE' });
                }
                """);
            Assert.Fail("The video did not play past 1 s: " + state);
        }

        return await video.EvaluateAsync<double>("v => v.currentTime");
    }

    private static async Task ExpectThumbnailLoadedAsync(ILocator card)
    {
        var image = card.Locator(".video-thumb img");
        await Expect(image).ToHaveCountAsync(1);
        await image.ScrollIntoViewIfNeededAsync();
        await Expect(image).ToHaveJSPropertyAsync("complete", true);
        var width = await image.EvaluateAsync<int>("img => img.naturalWidth");
        Assert.True(width > 0, "the thumbnail image did not load");
    }

    private static int LikeCount(string? label)
    {
        var match = LikeLabel().Match(label ?? "");
        Assert.True(match.Success, $"like button label was '{label}'");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string? MetaContent(string html, string property)
    {
        foreach (Match tag in MetaTag().Matches(html))
        {
            var name = AttributeValue(tag.Value, "property") ?? AttributeValue(tag.Value, "name");
            if (name == property)
            {
                return AttributeValue(tag.Value, "content") is { } content ? WebUtility.HtmlDecode(content) : null;
            }
        }

        return null;
    }

    private static string? AttributeValue(string tag, string attribute)
    {
        var match = Regex.Match(tag, "\\s" + attribute + "\\s*=\\s*\"([^\"]*)\"", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>An ~8 s 640x360 clip with a tone at ~20 Mbit/s (noise keeps x264 from compressing it away): about 20 MB.</summary>
    private async Task<string> GenerateBigVideoAsync(string name)
    {
        var path = Path.Combine(_media.Folder, name + ".mp4");
        await TestVideos.RunAsync("ffmpeg",
            "-hide_banner -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=8 " +
            "-f lavfi -i sine=frequency=440:sample_rate=48000:duration=8 -vf noise=alls=40:allf=t " +
            $"-c:v libx264 -preset ultrafast -b:v 20000k -pix_fmt yuv420p -c:a aac -b:a 96k -shortest \"{path}\"");
        return path;
    }

    private async Task<BrowserSession> OpenAsync(string name, int width, int height, bool mobile)
    {
        using var web = fixture.CreateClient("web");
        var context = await _browser.NewContextAsync(new()
        {
            BaseURL = web.BaseAddress!.ToString().TrimEnd('/'),
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = mobile,
            HasTouch = mobile,
            DeviceScaleFactor = 1,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(StepTimeoutMs);
        context.SetDefaultNavigationTimeout(60_000);
        await context.AddInitScriptAsync(BrowserSession.RecorderScript);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(name, context, page, output);
        await context.ExposeFunctionAsync("__venvidCspViolation", (string violation) => session.Log("Content Security Policy violation: " + violation));
        return session;
    }

    [GeneratedRegex(@"/watch/([A-Za-z0-9_-]+)$")]
    private static partial Regex WatchHref();

    [GeneratedRegex(@"^Like, (\d+) likes?$")]
    private static partial Regex LikeLabel();

    [GeneratedRegex(@"<meta\s[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex MetaTag();
}

/// <summary>One browser context and page, with its console collected and numbered screenshots.</summary>
internal sealed partial class BrowserSession : IAsyncDisposable
{
    /// <summary>
    /// Runs in every page before the app: records each value the upload progress bar and the processing status take
    /// (the test reads them afterwards, so nothing depends on catching a moment), and every CSP violation.
    /// </summary>
    public const string RecorderScript = """
        (() => {
          const state = { progress: [], statuses: [] };
          window.__venvid = state;
          const record = () => {
            for (const el of document.querySelectorAll('[data-testid=upload-progress]')) {
              const value = Number(el.getAttribute('aria-valuenow'));
              if (state.progress[state.progress.length - 1] !== value) state.progress.push(value);
            }
            for (const el of document.querySelectorAll('[data-testid=processing-status]')) {
              const text = (el.textContent || '').replace(/\s+/g, ' ').trim();
              if (text && state.statuses[state.statuses.length - 1] !== text) state.statuses.push(text);
            }
          };
          new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          document.addEventListener('securitypolicyviolation', e =>
            window.__venvidCspViolation && window.__venvidCspViolation(
              `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample || ''}`));
        })();
        """;

    private readonly List<string> _log = [];
    private readonly ITestOutputHelper _output;
    private int _shots;

    public BrowserSession(string name, IBrowserContext context, IPage page, ITestOutputHelper output)
    {
        Name = name;
        Context = context;
        Page = page;
        _output = output;
        page.Console += (_, message) => Log($"console.{message.Type}: {message.Text} ({message.Location})");
        page.PageError += (_, error) => Log($"pageerror: {error}");
        page.RequestFailed += (_, request) => Log($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Log($"response {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
    }

    public string Name { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public void Log(string line)
    {
        lock (_log)
        {
            _log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
    }

    private IReadOnlyList<string> Lines()
    {
        lock (_log)
        {
            return _log.ToArray();
        }
    }

    /// <summary>A screenshot; the first time a page (a route, ids aside) is shown, also an axe-core audit of it.</summary>
    public async Task Screenshot(string step)
    {
        var file = Path.Combine(BrowserTests.ScreenshotDirectory, $"{Name}-{++_shots:00}-{step}.png");
        await Page.ScreenshotAsync(new() { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        var route = RouteIds().Replace(new Uri(Page.Url).AbsolutePath, "$1:id");
        if (_audited.Add(route))
        {
            await AuditAsync($"{route} ({step})");
        }
    }

    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    private readonly HashSet<string> _audited = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];

    /// <summary>axe-core's WCAG 2.2 A and AA rules over the page as it is now; violations are kept for <see cref="AssertAccessible"/>.</summary>
    public async Task AuditAsync(string where)
    {
        var result = await Page.RunAxe(Wcag22AA);
        foreach (var violation in result.Violations)
        {
            var targets = string.Join("; ", violation.Nodes.Take(5).Select(n => $"{n.Target} {string.Join(" ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"));
            _violations.Add($"{where}: {violation.Id} ({violation.Impact}) {violation.Help} — {violation.Nodes.Length} node(s): {targets}");
        }

        Log($"axe {where}: {result.Violations.Length} violation(s), {result.Passes.Length} rule(s) passed");
    }

    public void AssertAccessible() =>
        Assert.True(_violations.Count == 0, "axe-core (WCAG 2.2 AA) violations:\n" + string.Join('\n', _violations));

    [GeneratedRegex(@"(/watch/|/playlist/|/@)[^/]+")]
    private static partial Regex RouteIds();

    public void AssertNoCspViolations()
    {
        var console = Lines().Where(line => line.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(console.Count == 0, "CSP violations in the console:\n" + string.Join('\n', console));
    }

    public async Task AssertNoHorizontalScrollAsync(string where)
    {
        var (scrollWidth, viewport) = (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"),
            await Page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scrollWidth <= viewport, $"{where}: the page is {scrollWidth}px wide in a {viewport}px viewport");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Screenshot("last");
        }
        catch (PlaywrightException)
        {
        }

        var lines = Lines();
        await File.WriteAllLinesAsync(Path.Combine(BrowserTests.ScreenshotDirectory, $"{Name}-console.log"), lines);
        foreach (var line in lines)
        {
            _output.WriteLine($"[{Name}] {line}");
        }

        await Context.CloseAsync();
    }
}
