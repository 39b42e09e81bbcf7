using Venvid.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEdge();

var app = builder.Build();

app.UseSecurityHeaders();
app.MapDefaultEndpoints();
app.MapEdge();

app.Run();
