using K2hr3.Bootstrap;

namespace K2hr3.AppHost.Osnl.Bootstrap;

/// <summary>
/// The authorization bootstrap as a dashboard resource (<c>osnl-bootstrap</c>): it waits for the API, makes sure the
/// delhost role exists, obtains a role token for it and seeds the demo VM. It turns <c>Running</c> once the role token
/// is ready; the listener waits for that and receives the token, with which it registers its own address.
/// </summary>
public sealed class K2hr3BootstrapResource(string name, K2hr3BootstrapSettings settings, K2hr3ApiTarget api)
    : Resource(name), IResourceWithWaitSupport
{
    private string? _registrationToken;
    private Renewal? _renewal;

    public K2hr3BootstrapSettings Settings { get; } = settings;

    public K2hr3ApiTarget Api { get; } = api;

    /// <summary>
    /// The role token the listener registers with; null until the bootstrap has it (or when it runs without one).
    /// Read by the listener's environment callback, which runs only after the bootstrap is Running.
    /// </summary>
    public string? RegistrationToken
    {
        get => Volatile.Read(ref _registrationToken);
        internal set => Volatile.Write(ref _registrationToken, value);
    }

    /// <summary>
    /// The token for a listener that starts now (at every start, a restart from the dashboard included): renewed first
    /// when the bootstrap made it and less than a tenth of its lifetime is left, since the listener registers with it
    /// right away. A pre-made token, a long-lived one, or a failed renewal: the current token.
    /// </summary>
    public async Task<string?> GetRegistrationTokenAsync(CancellationToken cancellationToken)
    {
        var renewal = Volatile.Read(ref _renewal);
        if (renewal is null || RegistrationToken is null)
        {
            return RegistrationToken;
        }

        await renewal.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var left = renewal.ExpiresAt - renewal.Time.GetUtcNow();
            if (left > renewal.Lifetime / 10)
            {
                return RegistrationToken;
            }

            RegistrationToken = await renewal.Renew(cancellationToken).ConfigureAwait(false);
            renewal.ExpiresAt = renewal.Time.GetUtcNow() + renewal.Lifetime;
            BootstrapLog.RoleTokenRenewed(renewal.Logger, Settings.DelHostRole, left < TimeSpan.Zero ? TimeSpan.Zero : left);
        }
        catch (Exception ex) when (ex is K2hr3ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            BootstrapLog.RoleTokenRenewalFailed(renewal.Logger, Settings.DelHostRole, ex.Message);
        }
        finally
        {
            renewal.Gate.Release();
        }

        return RegistrationToken;
    }

    /// <summary>Called by the bootstrap once it has made <see cref="RegistrationToken"/> with a limited lifetime.</summary>
    internal void EnableRenewal(TimeSpan lifetime, Func<CancellationToken, Task<string>> renew, TimeProvider time, ILogger logger) =>
        Volatile.Write(ref _renewal, new Renewal(lifetime, renew, time, logger) { ExpiresAt = time.GetUtcNow() + lifetime });

    private sealed record Renewal(TimeSpan Lifetime, Func<CancellationToken, Task<string>> Renew, TimeProvider Time, ILogger Logger)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset ExpiresAt { get; set; }
    }
}
