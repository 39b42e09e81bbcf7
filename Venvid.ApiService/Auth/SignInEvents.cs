using System.Diagnostics.Metrics;

namespace Venvid.ApiService.Auth;

/// <summary>
/// Security events of sign-in — failures, refusals, lock-outs — as structured logs under <c>Venvid.Security</c> (the
/// dashboard's structured log view filters on it) and as counters of the <c>Venvid.Auth</c> meter. Accounts are
/// named by user id, never by what was typed (a password typed into the login field must not reach a log).
/// </summary>
public sealed partial class SignInEvents
{
    public const string Category = "Venvid.Security";
    public const string MeterName = "Venvid.Auth";

    private readonly ILogger _logger;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _lockouts;

    public SignInEvents(ILoggerFactory loggers, IMeterFactory meters)
    {
        _logger = loggers.CreateLogger(Category);
        var meter = meters.Create(MeterName);
        _failures = meter.CreateCounter<long>("venvid.auth.login.failures", description: "Sign-ins refused for a wrong login or password.");
        _refusals = meter.CreateCounter<long>("venvid.auth.login.throttled", description: "Sign-ins refused before any password check (429).");
        _lockouts = meter.CreateCounter<long>("venvid.auth.account.lockouts", description: "Accounts locked after repeated failed sign-ins.");
    }

    public static string AccountOf(Guid? userId) => userId?.ToString() ?? "unknown account";

    public void Failed(Guid? userId, string clientAddress, bool knownDevice)
    {
        _failures.Add(1);
        LogFailed(AccountOf(userId), clientAddress, knownDevice);
    }

    public void Throttled(Guid? userId, string clientAddress, string reason, TimeSpan retryAfter)
    {
        _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));
        LogThrottled(AccountOf(userId), clientAddress, reason, (int)Math.Ceiling(retryAfter.TotalSeconds));
    }

    public void Locked(Guid? userId, string clientAddress, TimeSpan duration)
    {
        _lockouts.Add(1);
        LogLocked(AccountOf(userId), (int)Math.Ceiling(duration.TotalSeconds), clientAddress);
    }

    [LoggerMessage(EventId = 4001, EventName = "LoginFailed", Level = LogLevel.Warning,
        Message = "Failed sign-in to {Account} from {ClientAddress} (known device: {KnownDevice})")]
    private partial void LogFailed(string account, string clientAddress, bool knownDevice);

    [LoggerMessage(EventId = 4002, EventName = "LoginThrottled", Level = LogLevel.Information,
        Message = "Sign-in to {Account} from {ClientAddress} refused before any password check ({Reason}); retry after {RetryAfterSeconds} s")]
    private partial void LogThrottled(string account, string clientAddress, string reason, int retryAfterSeconds);

    [LoggerMessage(EventId = 4003, EventName = "AccountLocked", Level = LogLevel.Warning,
        Message = "Account {Account} locked for {LockSeconds} s after repeated failed sign-ins, the last from {ClientAddress}")]
    private partial void LogLocked(string account, int lockSeconds, string clientAddress);
}
