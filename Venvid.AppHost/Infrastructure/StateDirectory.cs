namespace Venvid.AppHost.Infrastructure;

/// <summary>
/// Where the local stand-ins keep their data between runs: <c>Venvid:StateDirectory</c>, by default
/// <c>Venvid.AppHost/.venvid</c>. Deleting it (or <c>./venvid.sh run --reset</c>) resets all local data.
/// </summary>
public static class StateDirectory
{
    public const string ConfigurationKey = "Venvid:StateDirectory";

    public static string Resolve(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ConfigurationKey];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, ".venvid")
            : Path.GetFullPath(configured, builder.AppHostDirectory);
        Directory.CreateDirectory(path);
        return path;
    }
}
