namespace Venvid.ApiService.Infrastructure;

/// <summary>Tells an outage of a dependency (retry later) from an answer it gave (a bug or a constraint).</summary>
public static class DependencyFailures
{
    public const string Postgres = "Postgres";
    public const string Storage = "Storage";
    public const string TimedOut = "A dependency (timed out)";

    /// <summary>The dependency that is unavailable, or null when the exception is not an outage.</summary>
    public static string? Dependency(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException { IsTransient: false }:
                    // The server answered: a bug or a constraint, not an outage.
                    return null;
                case Npgsql.NpgsqlException:
                    return Postgres;
                case Amazon.Runtime.AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }:
                case Amazon.Runtime.AmazonClientException when e.InnerException is HttpRequestException or System.Net.Sockets.SocketException:
                    return Storage;
                case TimeoutException:
                    // A client's own deadline (storage's RequestTimeout): the dependency accepted the call but never answered.
                    return TimedOut;
            }
        }

        return null;
    }

    public static bool IsPostgresUnavailable(Exception exception) => Dependency(exception) == Postgres;
}
