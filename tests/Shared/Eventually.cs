namespace K2hr3.Tests.Support;

/// <summary>Polls a condition until it holds or a deadline passes (every wait in the tests is bounded).</summary>
public static class Eventually
{
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? pollInterval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(100);
        while (true)
        {
            if (await condition().ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(interval, TestContext.Current.CancellationToken).ConfigureAwait(false);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? pollInterval = null)
        => WaitUntilAsync(() => Task.FromResult(condition()), timeout, what, pollInterval);
}
