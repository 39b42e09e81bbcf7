using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Venvid.ApiService.Data.Replicas;

/// <summary>What the monitor last saw of the replica.</summary>
/// <param name="Reachable">The last probe answered and the server is a standby replaying WAL.</param>
/// <param name="Replayed">WAL position the replica has replayed: every commit at or before it is visible there.</param>
/// <param name="Lagging">It has not replayed what the primary had written <see cref="ReplicaOptions.MaxLag"/> ago.</param>
public sealed record ReplicaStatus(bool Reachable, NpgsqlLogSequenceNumber Replayed, bool Lagging, DateTimeOffset CheckedAt, string? Problem)
{
    public static readonly ReplicaStatus NotYetChecked = new(false, NpgsqlLogSequenceNumber.Invalid, false, DateTimeOffset.MinValue, "not checked yet");
}

/// <summary>
/// Samples the replica's replay position and the primary's write position a few times a second, so choosing
/// where a read goes costs nothing per request. The primary's samples give the lag bound: a replica that has not
/// replayed what the primary had written <see cref="ReplicaOptions.MaxLag"/> ago is lagging — unlike a byte count,
/// that does not flag an idle pair whose last write simply has not been followed by another one.
/// </summary>
public sealed partial class ReplicaMonitor : BackgroundService
{
    private readonly NpgsqlDataSource _primary;
    private readonly NpgsqlDataSource _replica;
    private readonly ReplicaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplicaMonitor> _logger;
    private readonly Queue<(DateTimeOffset At, NpgsqlLogSequenceNumber Position)> _primarySamples = new();
    private (DateTimeOffset At, NpgsqlLogSequenceNumber Position)? _lagReference;
    private volatile ReplicaStatus _status = ReplicaStatus.NotYetChecked;

    public ReplicaMonitor(IConfiguration configuration, IOptions<ReplicaOptions> options, TimeProvider time, ILogger<ReplicaMonitor> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _primary = Probe(configuration.GetConnectionString(DatabaseExtensions.ConnectionName), "primary");
        _replica = Probe(configuration.GetConnectionString(ReplicaOptions.ConnectionName), "replica");
    }

    public ReplicaStatus Status => _status;

    /// <summary>
    /// Whether a read that must see every commit up to <paramref name="required"/> (the caller's last write, if
    /// any) can be served by the replica now.
    /// </summary>
    public bool CanServe(NpgsqlLogSequenceNumber? required)
    {
        var status = _status;
        return status.Reachable
            && !status.Lagging
            // A monitor that stopped probing (stuck, or the process is shutting down) is not trusted.
            && _time.GetUtcNow() - status.CheckedAt < 4 * _options.PollInterval + _options.ProbeTimeout
            && (required is not { } position || status.Replayed >= position);
    }

    /// <summary>A read on the replica failed for want of a connection: stop sending reads there until a probe succeeds.</summary>
    public void ReportFailure(Exception exception)
    {
        var status = _status;
        if (status.Reachable)
        {
            _status = status with { Reachable = false, Problem = exception.Message };
            LogUnavailable(exception.Message);
        }
    }

    /// <summary>
    /// The primary's WAL write position now. Called after a request's transaction committed (the commit waited for its
    /// WAL flush), so it is at or past that commit: once the replica has replayed it, the write is visible there.
    /// </summary>
    public async Task<NpgsqlLogSequenceNumber> PrimaryPositionAsync(CancellationToken ct)
    {
        await using var command = _primary.CreateCommand("SELECT pg_current_wal_lsn()");
        return (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        do
        {
            await SampleAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        base.Dispose();
        _primary.Dispose();
        _replica.Dispose();
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        try
        {
            RecordPrimary(now, await PrimaryPositionAsync(ct));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            // The primary being down does not make the replica worse; the lag reference just stops moving.
        }

        var previous = _status;
        ReplicaStatus next;
        try
        {
            await using var command = _replica.CreateCommand("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()");
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (!reader.GetBoolean(0) || reader.IsDBNull(1))
            {
                next = new ReplicaStatus(false, NpgsqlLogSequenceNumber.Invalid, false, now, "the server is not a standby replaying WAL");
            }
            else
            {
                var replayed = reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
                var lagging = _lagReference is { } reference && replayed < reference.Position;
                next = new ReplicaStatus(true, replayed, lagging, now, lagging ? $"has not replayed {_lagReference?.Position} written at {_lagReference?.At:O}" : null);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            next = new ReplicaStatus(false, previous.Replayed, false, now, e.Message);
            // Idle connections to a server that went away are all broken: drop them rather than fail on each in turn.
            _replica.Clear();
        }

        _status = next;
        if (previous.Reachable && !previous.Lagging && !(next.Reachable && !next.Lagging))
        {
            LogUnavailable(next.Problem ?? "unknown");
        }
        else if (!(previous.Reachable && !previous.Lagging) && next.Reachable && !next.Lagging)
        {
            LogAvailable(next.Replayed.ToString());
        }
    }

    private void RecordPrimary(DateTimeOffset now, NpgsqlLogSequenceNumber position)
    {
        _primarySamples.Enqueue((now, position));
        // The reference is the newest sample at least MaxLag old: the replica must have replayed at least that much.
        while (_primarySamples.TryPeek(out var oldest) && now - oldest.At >= _options.MaxLag)
        {
            _lagReference = _primarySamples.Dequeue();
        }
    }

    private NpgsqlDataSource Probe(string? connectionString, string role)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException($"The replica monitor needs the {role}'s connection string.");
        }

        var seconds = (int)Math.Ceiling(_options.ProbeTimeout.TotalSeconds);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = seconds,
            CommandTimeout = seconds,
            MaxPoolSize = role == "primary" ? 16 : 4,
            ApplicationName = "venvid-replica-monitor",
        };
        return NpgsqlDataSource.Create(builder);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read replica unavailable, reads go to the primary: {Problem}")]
    private partial void LogUnavailable(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read replica available, replayed up to {Position}")]
    private partial void LogAvailable(string position);
}
