using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Venvid.ApiService.Data;

/// <summary>
/// Development diagnostics: counts the database commands a request runs and reports them in the
/// <c>X-Db-Commands</c> response header, so tests can prove a response came from the cache.
/// </summary>
public sealed class DbCommandCounter : DbCommandInterceptor
{
    public const string HeaderName = "X-Db-Commands";

    public static readonly DbCommandCounter Instance = new();

    private static readonly AsyncLocal<StrongBox> Current = new();

    public static IApplicationBuilder UseDbCommandCounter(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var box = new StrongBox();
        Current.Value = box;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = Volatile.Read(ref box.Count).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        await next(context);
    });

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    private static void Count()
    {
        if (Current.Value is { } box)
        {
            Interlocked.Increment(ref box.Count);
        }
    }

    private sealed class StrongBox
    {
        public int Count;
    }
}
