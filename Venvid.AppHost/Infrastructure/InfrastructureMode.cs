using System.Diagnostics;

namespace Venvid.AppHost.Infrastructure;

/// <summary>How Postgres, Redis and S3 storage run.</summary>
public enum InfrastructureKind
{
    /// <summary>Standard Aspire container resources (Docker/Podman), and always in publish mode.</summary>
    Containers,
    /// <summary>Aspire executable resources from the machine's own packages, for machines without a container runtime.</summary>
    Executables,
}

public static class InfrastructureMode
{
    /// <summary>Configuration key: <c>auto</c> (default), <c>containers</c> or <c>executables</c>.</summary>
    public const string ConfigurationKey = "Venvid:Infrastructure";

    public static InfrastructureKind Resolve(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureKind.Containers;
        }

        var configured = builder.Configuration[ConfigurationKey]?.Trim().ToLowerInvariant();
        return configured switch
        {
            "containers" => InfrastructureKind.Containers,
            "executables" => InfrastructureKind.Executables,
            null or "" or "auto" => ContainerRuntimeAvailable() ? InfrastructureKind.Containers : InfrastructureKind.Executables,
            _ => throw new InvalidOperationException($"{ConfigurationKey} must be auto, containers or executables, not '{configured}'."),
        };
    }

    /// <summary>A container runtime counts only when its engine answers; a bare Docker CLI does not.</summary>
    private static bool ContainerRuntimeAvailable()
    {
        var preferred = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
            ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME");
        string[] runtimes = preferred is { Length: > 0 } ? [preferred] : ["docker", "podman"];
        return runtimes.Any(EngineAnswers);
    }

    private static bool EngineAnswers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
