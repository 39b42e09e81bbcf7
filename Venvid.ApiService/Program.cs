using Venvid.ApiService.Media;
using Venvid.ApiService.Processing;
using Venvid.ApiService.Uploads;
using Amazon.S3;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Venvid.ApiService;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Captions;
using Venvid.ApiService.Channels;
using Venvid.ApiService.Comments;
using Venvid.ApiService.Discovery;
using Venvid.ApiService.Likes;
using Venvid.ApiService.Playlists;
using Venvid.ApiService.Search;
using Venvid.ApiService.Subscriptions;
using Venvid.ApiService.Users;
using Venvid.ApiService.Views;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Jobs;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Storage;
using Venvid.Contracts.Storage;
using Venvid.ApiService.Videos;

var builder = WebApplication.CreateBuilder(args);

// The build writes the OpenAPI document by starting the app without its dependencies (GetDocument.Insider): the
// clients get addresses to build with, and nothing is ever called.
var describeOnly = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";
if (describeOnly)
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:venvid"] = "Host=localhost;Database=venvid",
        ["ConnectionStrings:redis"] = "localhost:6379",
        ["ConnectionStrings:storage"] = "Endpoint=http://localhost:4568",
        ["Venvid:Worker:ServiceKey"] = new string('d', 32),
        ["Venvid:Auth:SigningKey"] = new string('d', 32),
    });
}

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// `Venvid.ApiService migrate`: apply pending migrations and exit (the deployment's migration Job).
var migrateOnly = args.Contains(SchemaStartup.MigrateCommand, StringComparer.Ordinal);
if (!describeOnly)
{
    await app.Services.PrepareSchemaAsync(migrateOnly, app.Lifetime.ApplicationStopping);
    if (migrateOnly)
    {
        return;
    }

    await app.Services.GetRequiredService<IAmazonS3>()
        .EnsureBucketAsync(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Bucket, app.Lifetime.ApplicationStopping);
}

app.UseForwardedHeaders();
app.UseRegionHeader();
app.UseExceptionHandler();
app.UseStatusCodePages();
if (app.Environment.IsDevelopment())
{
    DbCommandCounter.UseDbCommandCounter(app);
}

app.UseReadRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseSharedRateLimits();
// After the rate limits: refused text still costs the caller a request.
app.UseTextInputGuard();
app.UseHttpCaching();

// The contract, for programs (/openapi/v1.json) and for people (/scalar), also through the web origin.
app.MapOpenApi();
app.MapScalarApiReference(options => options.WithTitle("Venvid API"));

app.MapDefaultEndpoints();
app.MapAuthEndpoints();
app.MapUserEndpoints();
app.MapVideoEndpoints();
app.MapLikeEndpoints();
app.MapChannelEndpoints();
app.MapSubscriptionEndpoints();
app.MapPlaylistEndpoints();
app.MapCommentEndpoints();
app.MapDiscoveryEndpoints();
app.MapSearchEndpoints();
app.MapCaptionEndpoints();
app.MapViewEndpoints();
app.MapInternalEndpoints();
app.MapUploadEndpoints();
app.MapProcessingEvents();
app.MapMediaAccess();

app.Run();
