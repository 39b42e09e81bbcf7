namespace Venvid.ApiService.Auth;

/// <summary>The throttles of one sign-in attempt, in the order they apply (see <see cref="AuthEndpoints.Login"/>).</summary>
public sealed class SignInGuard(FailedLoginThrottle failures, AccountLockout lockout, KnownDevices devices, SignInEvents events)
{
    public SignInAttempt Begin(HttpContext http, string login, Guid? userId) =>
        new(failures, lockout, devices, events, http, login, userId, userId is { } id ? devices.Recognise(http.Request, id) : null);
}

public sealed class SignInAttempt(
    FailedLoginThrottle failures, AccountLockout lockout, KnownDevices devices, SignInEvents events,
    HttpContext http, string login, Guid? userId, Guid? device)
{
    private readonly string _clientAddress = AuthRateLimits.ClientAddress(http);

    /// <summary>Failures are counted per (account, device) for a known browser, per (account, address) otherwise.</summary>
    private string Client => device is { } id ? $"device:{id:N}" : _clientAddress;

    /// <summary>The account as the lockout knows it: its id, or what was typed when no such account exists (they lock alike).</summary>
    private string Account => userId is { } id ? id.ToString("N") : "login:" + login;

    /// <summary>How long this attempt must wait before any password check; null when it may go on.</summary>
    public async ValueTask<TimeSpan?> RefusedForAsync()
    {
        if (await failures.RetryAfterAsync(login, Client) is { } pairExhausted)
        {
            events.Throttled(userId, _clientAddress, device is null ? "failures from this address" : "failures from this device", pairExhausted);
            return pairExhausted;
        }

        if (device is null && await lockout.LockedForAsync(Account) is { } locked)
        {
            events.Throttled(userId, _clientAddress, "account locked", locked);
            return locked;
        }

        return null;
    }

    public async ValueTask FailedAsync()
    {
        events.Failed(userId, _clientAddress, device is not null);
        await failures.RecordFailureAsync(login, Client);
        // A known device's own mistakes don't lock its owner out.
        if (device is null && await lockout.RecordFailureAsync(Account) is { } locked)
        {
            events.Locked(userId, _clientAddress, locked);
        }
    }

    public void Succeeded(Guid id) => devices.Remember(http.Response, id, device);
}
