using Venvid.MediaWorker;
using Venvid.MediaWorker.Api;
using Venvid.MediaWorker.Media;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerApi();
builder.AddMediaPipeline();
builder.AddTranscodeJobs();

var app = builder.Build();

var tools = app.Services.GetRequiredService<FfmpegTools>();
if (!tools.Available)
{
    app.Logger.LogCritical("Media tools missing: {Description}", tools.Describe());
}
else
{
    app.Logger.LogInformation("Media tools: {Description}", tools.Describe());
}

app.MapDefaultEndpoints();
app.Run();
