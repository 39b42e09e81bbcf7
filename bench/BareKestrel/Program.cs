// Bare Kestrel: the baseline the HTTP benchmarks divide by. It answers
//   GET  /{name}       with the bytes of <dir>/{name}.json, loaded into memory at start (application/json)
//   POST /{**path}     with 202 and an empty body
// Usage: BareKestrel --urls http://127.0.0.1:PORT --dir <folder of *.json>
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();
var dir = app.Configuration["dir"];
var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
if (!string.IsNullOrEmpty(dir))
{
    foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
    {
        bodies[Path.GetFileNameWithoutExtension(file)] = File.ReadAllBytes(file);
    }
}

app.MapGet("/health", () => Results.Text("Healthy"));
app.MapGet("/{name}", (string name) =>
    bodies.TryGetValue(name, out var body) ? Results.Bytes(body, "application/json; charset=utf-8") : Results.NotFound());
app.MapPost("/{**path}", () => Results.StatusCode(StatusCodes.Status202Accepted));

app.Run();
