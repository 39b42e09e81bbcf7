using Venvid.Bench;

// Venvid benchmarks 1, 2, 3, 5, 6 and 7. Normally run through bench/run.sh, which builds in Release and
// adds the transcoding benchmark's rows.
//   Venvid.Bench [detail] [views] [list] [upload] [coldstart] [community] [delivery] [search] [--with-tests] [--rows results.tsv]
//   Venvid.Bench --print results.tsv          prints a results file as the markdown table
string[] all = ["detail", "views", "list", "upload", "coldstart", "community", "delivery", "search"];
var rowsFile = Arg("--rows");
if (Arg("--print") is { } print)
{
    Console.Write(Table.Markdown(File.ReadLines(print).Where(l => l.Length > 0).Select(Row.FromTsv)));
    return 0;
}

var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && a != rowsFile).Select(a => a == "view" ? "views" : a).ToList();
if (names.Count == 0)
{
    names = [.. all];
}

if (names.FirstOrDefault(n => !all.Contains(n)) is { } unknown)
{
    Console.Error.WriteLine($"unknown benchmark '{unknown}'; known: {string.Join(", ", all)}");
    return 2;
}

Directory.CreateDirectory(Path.Combine(Paths.Bench, "results"));
var work = Directory.CreateTempSubdirectory("venvid-bench-work-").FullName;
var rows = new List<Row>();
var failed = false;

void Add(IEnumerable<Row> produced)
{
    foreach (var row in produced)
    {
        rows.Add(row);
        if (rowsFile is not null)
        {
            File.AppendAllText(rowsFile, row.ToTsv() + "\n");
        }
    }
}

async Task Guard(string name, Func<Task<List<Row>>> run)
{
    try
    {
        Add(await run());
    }
    catch (Exception e)
    {
        failed = true;
        Console.Error.WriteLine($"{name} failed: {e}");
        Add([new Row(name, "failed", "—", e.GetType().Name + ": " + e.Message.Split('\n')[0], "—", "—", "no")]);
    }
}

try
{
    string[] platformBenchmarks = ["detail", "views", "list", "upload", "community", "delivery", "search"];
    if (names.Any(platformBenchmarks.Contains))
    {
        Console.WriteLine("Starting the platform (Postgres, Redis, storage, API, web) on a fresh state directory ...");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var platform = await Platform.StartAsync(withWorker: names.Contains("delivery"));
        Console.WriteLine($"  healthy after {Fmt.S(started.Elapsed.TotalSeconds)}; API at {platform.Api}");
        var (token, userId) = await platform.SignUpAsync();

        if (names.Any(n => n is "detail" or "views" or "list"))
        {
            var http = new HttpBenchmarks(platform, userId, work);
            await http.SeedAsync();
            await http.PrepareAsync();
            try
            {
                // Detail before views: each view flush evicts the cached videos it touched.
                if (names.Contains("detail")) await Guard("1 detail", http.DetailAsync);
                if (names.Contains("list")) await Guard("3 list", http.ListAsync);
                if (names.Contains("views")) await Guard("2 views", http.ViewsAsync);
            }
            finally
            {
                await http.StopBareAsync();
            }
        }

        if (names.Contains("community"))
        {
            await Guard("7 community", () => new CommunityPlans(platform).RunAsync());
        }

        if (names.Contains("delivery"))
        {
            await Guard("8 delivery", () => new Delivery(platform, token, work).RunAsync());
        }

        if (names.Contains("search"))
        {
            await Guard("9 search", () => new SearchBenchmark(platform, token, userId, work).RunAsync());
        }

        if (names.Contains("upload"))
        {
            await Guard("5 upload", () => new UploadBenchmark(platform, token, work).RunAsync());
        }
    }

    if (names.Contains("coldstart"))
    {
        await Guard("6 cold start", () => ColdStart.RunAsync(args.Contains("--with-tests")));
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

if (rowsFile is null)
{
    Console.WriteLine();
    Console.Write(Table.Markdown(rows));
}

return failed ? 1 : 0;

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
