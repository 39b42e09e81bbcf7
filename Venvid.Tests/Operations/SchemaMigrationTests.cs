using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;
using Venvid.Tests.Support;

namespace Venvid.Tests.Operations;

/// <summary>
/// The deployment's migration step: <c>Venvid.ApiService migrate</c> brings an empty database to the current schema
/// and exits (again: nothing to do); an API told not to migrate (as deployed) refuses to start on a schema behind its
/// code and starts on a current one. Runs the built API outside the AppHost, on a database of its own.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class SchemaMigrationTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task The_migrate_command_brings_the_schema_up_and_a_deployed_api_only_checks_it()
    {
        var database = "venvid_schema_" + Guid.NewGuid().ToString("n")[..8];
        await using (var admin = await fixture.OpenDatabaseAsync())
        {
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }

        try
        {
            var connection = new NpgsqlConnectionStringBuilder(await fixture.GetConnectionStringAsync(fixture.PrimaryDatabase)) { Database = database }.ConnectionString;

            var behind = await RunAsync(connection, args: [], untilListening: false);
            Assert.NotEqual(0, behind.ExitCode);
            Assert.Contains("schema is behind this build", behind.Output);
            Assert.Contains("migrate", behind.Output);

            var migrated = await RunAsync(connection, args: ["migrate"], untilListening: false);
            Assert.True(migrated.ExitCode == 0, migrated.Output);
            var applied = await CountMigrationsAsync(connection);
            // Every migration in the source tree (one designer file each).
            var expected = Directory.GetFiles(Path.Combine(ProjectProcesses.RepositoryRoot, "Venvid.ApiService", "Data", "Migrations"), "*.Designer.cs").Length;
            Assert.Equal(expected, applied);

            var again = await RunAsync(connection, args: ["migrate"], untilListening: false);
            Assert.True(again.ExitCode == 0, again.Output);
            Assert.Equal(expected, await CountMigrationsAsync(connection));

            var current = await RunAsync(connection, args: [], untilListening: true);
            Assert.True(current.Listening, "the API did not start on a current schema:\n" + current.Output);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = await fixture.OpenDatabaseAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    private static async Task<long> CountMigrationsAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        return (long)(await new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", db).ExecuteScalarAsync())!;
    }

    private sealed record Run(int? ExitCode, bool Listening, string Output);

    /// <summary>The built API with the running one's settings, but its own database, a Redis that is not there (so it touches nobody's counters) and its own port.</summary>
    private async Task<Run> RunAsync(string connection, string[] args, bool untilListening)
    {
        var project = Path.Combine(ProjectProcesses.RepositoryRoot, "Venvid.ApiService");
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "Venvid.ApiService.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args]) { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Clear();
        foreach (var (key, value) in ProjectProcesses.Environment(fixture.AppProcessId("Venvid.ApiService")))
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove(ProjectProcesses.RunVariable); // not one of the run's processes

        int port;
        using (var probe = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["ConnectionStrings__venvid"] = connection;
        start.Environment["ConnectionStrings__redis"] = "127.0.0.1:1,abortConnect=false,connectTimeout=200";
        start.Environment["Venvid__Database__MigrateOnStart"] = "false";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var output = new System.Text.StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var listening = false;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline && !process.HasExited; await Task.Delay(250))
        {
            if (untilListening)
            {
                try
                {
                    listening = (await http.GetAsync($"http://127.0.0.1:{port}/alive")).IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                if (listening)
                {
                    break;
                }
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        lock (output)
        {
            return new Run(untilListening ? null : process.ExitCode, listening, output.ToString());
        }
    }
}
