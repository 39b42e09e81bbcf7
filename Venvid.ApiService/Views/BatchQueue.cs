namespace Venvid.ApiService.Views;

/// <summary>
/// One batch in flight at a time: items queued while a batch is being sent form the next one. Under load, callers
/// share one Redis command per round trip instead of one each; when idle, an item is sent at once. An item is always
/// sent by a command that starts after it was queued.
/// </summary>
public sealed class BatchQueue<T>(Func<List<T>, Task> send)
{
    private readonly Lock _lock = new();
    private List<T>? _next;
    private bool _sending;
    private Task _sender = Task.CompletedTask;

    public void Add(T item)
    {
        List<T> batch;
        lock (_lock)
        {
            (_next ??= []).Add(item);
            if (_sending)
            {
                return;
            }

            _sending = true;
            batch = _next;
            _next = null;
            _sender = SendAllAsync(batch);
        }
    }

    /// <summary>Completes once everything queued before (and while) it waits has been sent.</summary>
    public async Task DrainAsync()
    {
        while (true)
        {
            Task sender;
            lock (_lock)
            {
                if (!_sending)
                {
                    return;
                }

                sender = _sender;
            }

            await sender;
        }
    }

    private async Task SendAllAsync(List<T> batch)
    {
        // Off the caller's thread (and out of Add's lock): the caller goes on while the batch is sent.
        await Task.Yield();
        while (true)
        {
            // send completes every item of its batch, with a result or an exception; it does not throw.
            await send(batch);
            lock (_lock)
            {
                if (_next is null)
                {
                    _sending = false;
                    return;
                }

                batch = _next;
                _next = null;
            }
        }
    }
}
