using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Venvid.ApiService.Auth;

/// <summary>
/// PBKDF2-SHA256 password hashes, stored as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64) so the work factor can grow.
/// Each hash is ~0.3 s of CPU: they run on dedicated threads, at most one per core, so a burst of logins neither starves
/// the thread pool (Redis and HTTP continuations) nor takes every core.
/// </summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly Lazy<string> _dummyHash = new(() => Hash("not-a-real-password", options.Value.PasswordIterations));

    public Task<string> HashAsync(string password, CancellationToken ct) =>
        RunAsync(() => Hash(password, options.Value.PasswordIterations), ct);

    public Task<bool> VerifyAsync(string password, string stored, CancellationToken ct) =>
        RunAsync(() => Verify(password, stored), ct);

    /// <summary>Spends the same time as a real verification, so unknown accounts can't be told apart by latency. Always false.</summary>
    public Task<bool> VerifyDummyAsync(string password, CancellationToken ct) => RunAsync(() =>
    {
        Verify(password, _dummyHash.Value);
        return false;
    }, ct);

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        await _cores.WaitAsync(ct);
        try
        {
            return await Task.Factory.StartNew(work, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            _cores.Release();
        }
    }

    private static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
