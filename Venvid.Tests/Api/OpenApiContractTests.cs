using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Refit;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>
/// The OpenAPI document is the contract: what the web origin serves is what the build linted and generated the web
/// app's types from, the Refit client covers all of it, its limits are the ones the API enforces, and a program that
/// knows only the public address can use the API through it.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class OpenApiContractTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestVideos _media = new();

    [Fact]
    public async Task The_web_origin_serves_the_document_the_build_linted_and_a_reference_page()
    {
        using var web = fixture.CreateClient();
        var served = JsonNode.Parse(await web.GetStringAsync("/openapi/v1.json"))!;
        var built = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ProjectProcesses.RepositoryRoot, "artifacts", "openapi", "Venvid.ApiService.json")))!;
        Assert.True(JsonNode.DeepEquals(built, served), "the served document differs from the one the build wrote (and tools/openapi linted)");

        using var page = await web.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        // Scalar's page, pointed at this API's document.
        Assert.Contains("Venvid API", html, StringComparison.Ordinal);
        Assert.Contains("openapi", html, StringComparison.Ordinal);
        // The page's inline configuration is allowed there, and only there.
        Assert.Contains("'unsafe-inline'", page.Headers.GetValues("Content-Security-Policy").Single().Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        using var home = await web.GetAsync("/");
        Assert.DoesNotContain("'unsafe-inline'", home.Headers.GetValues("Content-Security-Policy").Single().Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_refit_client_has_a_method_for_every_operation_and_nothing_else()
    {
        using var web = fixture.CreateClient();
        var document = JsonNode.Parse(await web.GetStringAsync("/openapi/v1.json"))!;
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => op.Value?["responses"] is not null).Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet();

        var client = typeof(IVenvidApi).GetMethods()
            .Select(m => m.GetCustomAttribute<HttpMethodAttribute>())
            .OfType<HttpMethodAttribute>()
            .Select(a => $"{a.Method.Method} {a.Path}")
            .ToHashSet();

        Assert.Empty(documented.Except(client));
        Assert.Empty(client.Except(documented));
    }

    [Fact]
    public async Task The_documented_limits_are_the_ones_the_api_enforces()
    {
        using var web = fixture.CreateClient();
        var document = JsonNode.Parse(await web.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!;
        int MaxLength(string schema, string property) => schemas[schema]!["properties"]![property]!["maxLength"]!.GetValue<int>();

        var owner = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(owner.User.Id, "Limits");
        var playlist = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Limits", null, null))).Content!;

        var cases = new (string Schema, string Field, Func<string, Task<IApiResponse>> Send)[]
        {
            ("UpdateVideoRequest", "title", text => Send(owner.Api.UpdateVideoAsync(video, owner.AccessToken, new UpdateVideoRequest(text, null, null)))),
            ("UpdateVideoRequest", "description", text => Send(owner.Api.UpdateVideoAsync(video, owner.AccessToken, new UpdateVideoRequest(null, text, null)))),
            ("UpdateProfileRequest", "displayName", text => Send(owner.Api.UpdateMeAsync(owner.AccessToken, new UpdateProfileRequest(text, null)))),
            ("UpdateProfileRequest", "bio", text => Send(owner.Api.UpdateMeAsync(owner.AccessToken, new UpdateProfileRequest(null, text)))),
            ("UpdatePlaylistRequest", "title", text => Send(owner.Api.UpdatePlaylistAsync(playlist.Id, owner.AccessToken, new UpdatePlaylistRequest(text, null, null)))),
            ("PostCommentRequest", "text", text => Send(owner.Api.PostCommentAsync(video, owner.AccessToken, new PostCommentRequest(text, null)))),
        };
        foreach (var (schema, field, send) in cases)
        {
            var limit = MaxLength(schema, field);
            var atLimit = await send(new string('a', limit));
            Assert.True(atLimit.IsSuccessStatusCode, $"{schema}.{field} of {limit} characters (its documented maxLength) answered {(int)atLimit.StatusCode}: {atLimit.ErrorContent()}");
            var beyond = await send(new string('a', limit + 1));
            Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
            Assert.Contains($"\"{field}\"", beyond.ErrorContent(), StringComparison.Ordinal);
        }

        var limitParameter = document["paths"]!["/api/videos"]!["get"]!["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!;
        var max = limitParameter["maximum"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.OK, (await owner.Api.ListVideosAsync(limit: max)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Api.ListVideosAsync(limit: max + 1)).StatusCode);
    }

    /// <summary>
    /// Every free-text input the document describes — query parameters and JSON body properties carrying the text
    /// pattern — is refused with a 400 naming it when it holds a control character, and the pattern itself says so:
    /// a new endpoint cannot take text past the rule without this noticing.
    /// </summary>
    [Fact]
    public async Task Every_free_text_input_of_the_document_refuses_control_characters_as_its_pattern_says()
    {
        using var web = fixture.CreateClient();
        var document = JsonNode.Parse(await web.GetStringAsync("/openapi/v1.json"))!;
        Assert.Matches(TextRules.Pattern, "tab\tand\nline");
        Assert.DoesNotMatch(TextRules.Pattern, "bell\u0007");
        const string bad = "a\u0007b";

        var user = await fixture.SignUpAsync();
        var inputs = new List<(string Method, string Path, string Field, HttpContent? Body)>();
        foreach (var (template, operations) in document["paths"]!.AsObject())
        {
            // Ids that do not exist: the text is checked before any endpoint looks them up.
            var path = System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", "AAAAAAAAAAAA");
            foreach (var (method, operation) in operations!.AsObject().Where(op => op.Value?["responses"] is not null))
            {
                foreach (var parameter in operation!["parameters"]?.AsArray() ?? [])
                {
                    if (parameter!["in"]!.GetValue<string>() == "query" && HasTextPattern(parameter["schema"]))
                    {
                        var name = parameter["name"]!.GetValue<string>();
                        inputs.Add((method, $"{path}?{name}={Uri.EscapeDataString(bad)}", name,
                            method is "get" or "delete" ? null : new StringContent("", Encoding.UTF8, "text/vtt")));
                    }
                }

                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                if (body?["$ref"] is { } reference)
                {
                    body = document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]];
                }

                foreach (var (property, schema) in body?["properties"]?.AsObject() ?? [])
                {
                    if (HasTextPattern(schema))
                    {
                        inputs.Add((method, path, property, JsonContent.Create(new Dictionary<string, string> { [property] = bad })));
                    }
                }
            }
        }

        Assert.True(inputs.Count >= 15, $"only {inputs.Count} free-text inputs found in the document");
        foreach (var (method, path, field, content) in inputs)
        {
            using var client = fixture.CreateClientFrom(TestAccounts.RandomClientAddress());
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} ({field}): {(int)response.StatusCode} {text}");
            Assert.Equal(TextRules.Message, JsonNode.Parse(text)!["errors"]?[field]?[0]?.GetValue<string>());
        }

        static bool HasTextPattern(JsonNode? schema) => schema?["pattern"]?.GetValue<string>() == TextRules.Pattern;
    }

    /// <summary>
    /// A program that knows only the public address and the contract: a plain Refit client from another origin signs
    /// up, uploads in one request, adds captions, finds its video in search and reads it back, and sees each error as
    /// the problem details the document promises.
    /// </summary>
    [Fact]
    public async Task A_third_party_client_from_another_origin_uses_the_api_through_the_contract()
    {
        using var http = fixture.CreateClientFrom($"10.77.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}", "web");
        http.DefaultRequestHeaders.Add("Origin", "https://tools.example");
        var api = RestService.For<IVenvidApi>(http);

        // The browser's preflight for a bearer call from another origin.
        using (var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/users/me"))
        {
            preflight.Headers.Add("Access-Control-Request-Method", "PUT");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            using var allowed = await http.SendAsync(preflight);
            Assert.True(allowed.IsSuccessStatusCode, $"preflight answered {(int)allowed.StatusCode}");
            Assert.Equal("*", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("authorization", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
            Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));
        }

        var name = "tp_" + Guid.NewGuid().ToString("n")[..16];
        var registered = await api.RegisterAsync(new RegisterRequest($"{name}@example.test", name, TestAccounts.DefaultPassword));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal("*", registered.Headers!.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(int.Parse(registered.Headers!.GetValues(EdgeHeaders.RateLimitLimit).Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var taken = await api.RegisterAsync(new RegisterRequest($"{name}@example.test", name, TestAccounts.DefaultPassword));
        await AssertProblemAsync(taken, HttpStatusCode.Conflict, "conflict");
        var tokens = (await api.LoginAsync(new LoginRequest(name, TestAccounts.DefaultPassword))).Content!;

        var path = await _media.GenerateAsync(320, 240, seconds: 3, name: "third-party");
        await using var file = File.OpenRead(path);
        var word = "zq" + string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('a' + Random.Shared.Next(26))));
        var title = "Third party upload " + word;
        var uploaded = await api.UploadSimpleAsync(tokens.AccessToken, title, new StreamPart(file, "clip.mp4", "video/mp4"), visibility: Visibilities.Public);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var id = uploaded.Content!.Id;
        await SeededVideos.EventuallyAsync(async () => (await api.GetVideoAsync(id, tokens.AccessToken)).Content?.Status == VideoStatuses.Ready, TimeSpan.FromSeconds(120));

        using var vtt = new StringContent("WEBVTT\n\n00:00.000 --> 00:02.000\nHello from a third party\n", Encoding.UTF8, "text/vtt");
        var caption = await api.PutCaptionAsync(id, "en", tokens.AccessToken, vtt, label: "English");
        Assert.Equal(HttpStatusCode.OK, caption.StatusCode);
        using var broken = new StringContent("WEBVTT\n\n00:00.000 --> 99:00.000\nPast the end\n", Encoding.UTF8, "text/vtt");
        await AssertProblemAsync(await api.PutCaptionAsync(id, "fr", tokens.AccessToken, broken), HttpStatusCode.UnprocessableEntity, "invalid-caption");

        await SeededVideos.EventuallyAsync(async () =>
            (await api.ListVideosAsync(q: word)).Content?.Items.Any(v => v.Id == id) == true, TimeSpan.FromSeconds(30));
        var read = (await api.GetVideoAsync(id)).Content!;
        Assert.Equal(title, read.Title);
        Assert.Equal("en", Assert.Single(read.Captions).Language);

        await AssertProblemAsync(await api.GetVideoAsync("nope" + name[..4]), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await api.GetMeAsync("not-a-token"), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await api.ListVideosAsync(limit: 0), HttpStatusCode.BadRequest, "validation");
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteVideoAsync(id, tokens.AccessToken)).StatusCode);
    }

    private static async Task<IApiResponse> Send<T>(Task<IApiResponse<T>> call) => await call;

    private static Task AssertProblemAsync(IApiResponse response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentHeaders?.ContentType?.MediaType);
        var problem = JsonNode.Parse(response.ErrorContent() ?? "null")!;
        Assert.Equal("https://venvid.dev/problems/" + type, problem["type"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return Task.CompletedTask;
    }

    public void Dispose() => _media.Dispose();
}
