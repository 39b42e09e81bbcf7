using Amazon.S3;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Venvid.ApiService;
using Venvid.ApiService.Data;
using Venvid.ApiService.Jobs;
using Venvid.ApiService.Storage;
using Venvid.Contracts.Storage;
using Venvid.ApiService.Videos;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<IAmazonS3>()
    .EnsureBucketAsync(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Bucket, app.Lifetime.ApplicationStopping);

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapDefaultEndpoints();
app.MapVideoEndpoints();
app.MapInternalEndpoints();

app.Run();
