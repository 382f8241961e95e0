using Microsoft.Extensions.Logging;

namespace K2hr3.Bootstrap;

/// <summary>
/// The authorization bootstrap's steps against the K2HR3 API, shared by the AppHost's <c>osnl-bootstrap</c> resource and
/// the listener's <c>bootstrap</c> command (the published deployment's one-shot service): scoped admin token → the
/// delhost role (declared when missing, else left as it is) → a role token for it (or the administrator's pre-made
/// one) → the demo VM. Every step is idempotent, so running it again changes nothing but issues a new role token.
/// Every API call is retried <see cref="K2hr3BootstrapSettings.Attempts"/> times with capped exponential back-off.
/// </summary>
public sealed class DelHostRoleBootstrap(K2hr3AdminClient client, K2hr3BootstrapSettings settings, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public K2hr3AdminClient Client => client;

    /// <summary>Waits up to <see cref="K2hr3BootstrapSettings.ApiWait"/> for <c>GET /</c> to answer 200.</summary>
    /// <exception cref="TimeoutException">The API did not answer in time.</exception>
    public async Task WaitForApiAsync(CancellationToken cancellationToken)
    {
        BootstrapLog.WaitingForApi(logger, settings.ApiWait);
        var deadline = time.GetUtcNow() + settings.ApiWait;
        while (!await client.IsUpAsync(cancellationToken).ConfigureAwait(false))
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"the API at {client.BaseUrl} did not answer GET / with 200 within {settings.ApiWait}");
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the steps; needs credentials or a pre-made role token (<see cref="K2hr3BootstrapSettings.HasCredentials"/>).</summary>
    /// <exception cref="K2hr3ApiException">A call still failed after the last attempt.</exception>
    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        BootstrapLog.Starting(logger, client.BaseUrl, settings);
        string? userToken = null;
        if (settings.HasCredentials)
        {
            userToken = await GetUserTokenAsync(cancellationToken).ConfigureAwait(false);
        }

        string registrationToken;
        var created = false;
        if (settings.RegistrationToken is { } premade)
        {
            registrationToken = premade;
            BootstrapLog.UsingPremadeToken(logger, settings.DelHostRole);
        }
        else
        {
            var adminToken = userToken ?? throw new InvalidOperationException("no credentials and no pre-made role token");
            await EnsureRoleAsync(adminToken, settings.DelHostRole, cancellationToken).ConfigureAwait(false);
            registrationToken = await RetryAsync(
                "role token",
                ct => client.CreateRoleTokenAsync(adminToken, settings.DelHostRole, settings.RoleTokenExpirySeconds, ct),
                cancellationToken).ConfigureAwait(false);
            created = true;
            BootstrapLog.RoleTokenCreated(logger, settings.DelHostRole, settings.RoleTokenExpirySeconds == 0 ? "K2HR3's registration-token lifetime" : TimeSpan.FromSeconds(settings.RoleTokenExpirySeconds).ToString());
        }

        if (userToken is not null && settings.DemoEnabled)
        {
            await EnsureRoleAsync(userToken, settings.DemoRole, cancellationToken).ConfigureAwait(false);
            await RetryAsync(
                "demo host",
                async ct =>
                {
                    await client.AddHostAsync(userToken, settings.DemoRole, settings.DemoIp, settings.DemoCuk, "openstack-auto-v1", ct).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            BootstrapLog.DemoSeeded(logger, settings.DemoRole, settings.DemoIp, settings.DemoCuk);
        }

        return new Result(userToken, registrationToken, created);
    }

    /// <summary>A fresh role token with a fresh user token (that one may have expired as well); one attempt.</summary>
    public async Task<string> RenewRoleTokenAsync(CancellationToken cancellationToken)
    {
        var (userToken, _) = await client.GetScopedTokenAsync(settings.UserName!, settings.Password, settings.AdminTenant, cancellationToken).ConfigureAwait(false);
        return await client.CreateRoleTokenAsync(userToken, settings.DelHostRole, settings.RoleTokenExpirySeconds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Polls the delhost role until an address tagged <see cref="K2hr3BootstrapSettings.ListenerTag"/> shows up, for at
    /// most <see cref="K2hr3BootstrapSettings.RegistrationWait"/>; returns those addresses, or an empty list.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForListenerAsync(string userToken, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + settings.RegistrationWait;
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                var role = await client.GetRoleAsync(userToken, settings.DelHostRole, cancellationToken).ConfigureAwait(false);
                var addresses = role?.AddressesTagged(K2hr3BootstrapSettings.ListenerTag).Distinct().ToList() ?? [];
                if (addresses.Count > 0)
                {
                    BootstrapLog.ListenerRegistered(logger, settings.DelHostRole, string.Join(", ", addresses));
                    return addresses;
                }
            }
            catch (K2hr3ApiException ex)
            {
                BootstrapLog.RegistrationCheckFailed(logger, settings.DelHostRole, ex.Message);
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        BootstrapLog.ListenerNotSeen(logger, settings.DelHostRole, settings.RegistrationWait);
        return [];
    }

    private async Task<string> GetUserTokenAsync(CancellationToken cancellationToken)
    {
        var (token, usedQueryFallback) = await RetryAsync(
            "scoped token",
            ct => client.GetScopedTokenAsync(settings.UserName!, settings.Password, settings.AdminTenant, ct),
            cancellationToken).ConfigureAwait(false);
        if (usedQueryFallback)
        {
            BootstrapLog.UsedQueryFallback(logger);
        }

        BootstrapLog.GotUserToken(logger, settings.AdminTenant, settings.UserName!);
        return token;
    }

    private async Task EnsureRoleAsync(string userToken, string role, CancellationToken cancellationToken)
    {
        var created = await RetryAsync(
            $"role {role}",
            async ct =>
            {
                // An empty answer is what the real API gives for a missing role: declare it (PUT without
                // policies/aliases/hosts leaves an existing role as it is, so this is safe either way).
                if (await client.GetRoleAsync(userToken, role, ct).ConfigureAwait(false) is { IsEmpty: false })
                {
                    return false;
                }

                await client.CreateRoleAsync(userToken, role, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        BootstrapLog.RoleEnsured(logger, role, created ? "declared (it was missing or empty)" : "exists (left as it is)");
    }

    private async Task<T> RetryAsync<T>(string step, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (K2hr3ApiException ex) when (attempt < settings.Attempts)
            {
                BootstrapLog.AttemptFailed(logger, step, attempt, settings.Attempts, ex.Message);
                var delay = TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, attempt - 1)));
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>What the steps produced.</summary>
    /// <param name="UserToken">The scoped admin token (null with a pre-made role token and no credentials).</param>
    /// <param name="RegistrationToken">The role token the listener registers with (secret).</param>
    /// <param name="Created">The token was made now (it can be renewed), not handed in by an administrator.</param>
    public sealed record Result(string? UserToken, string RegistrationToken, bool Created);
}
