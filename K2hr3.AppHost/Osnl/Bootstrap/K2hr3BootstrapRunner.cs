using Microsoft.Extensions.Logging;

namespace K2hr3.AppHost.Osnl.Bootstrap;

/// <summary>
/// The bootstrap's lifecycle, driven from <see cref="InitializeResourceEvent"/>:
/// wait for the API → scoped admin token → ensure the delhost role → role token (→ Running: the listener starts and
/// registers its own address with it) → seed the demo VM → confirm the listener shows up in the delhost role.
/// Every API call is retried a bounded number of times; a final failure is <c>FailedToStart</c> with the reason logged.
/// </summary>
public sealed class K2hr3BootstrapRunner(K2hr3BootstrapResource resource, ResourceNotificationService notifications, ILogger logger, TimeProvider time)
{
    public const string StepProperty = "k2hr3.bootstrap.step";
    public const string ListenerAddressProperty = "k2hr3.bootstrap.listener";
    private static readonly TimeSpan RegistrationPollInterval = TimeSpan.FromSeconds(2);

    private K2hr3BootstrapSettings Settings => resource.Settings;

    public async Task RunAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            await RunCoreAsync(http, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
        catch (Exception ex)
        {
            BootstrapLog.Failed(logger, ex.Message);
            await PublishAsync(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error, "failed: " + ex.Message).ConfigureAwait(false);
        }
    }

    private async Task RunCoreAsync(HttpClient http, CancellationToken cancellationToken)
    {
        if (!Settings.Enabled)
        {
            BootstrapLog.Disabled(logger);
            await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Info, "disabled").ConfigureAwait(false);
            return;
        }

        if (resource.Api is K2hr3ApiTarget.Modelled { Available: false } unavailable)
        {
            BootstrapLog.ApiUnavailable(logger, unavailable.Resource.Name);
            await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Warn, $"skipped: {unavailable.Resource.Name} cannot run here").ConfigureAwait(false);
            return;
        }

        if (!Settings.HasCredentials && Settings.RegistrationToken is null)
        {
            BootstrapLog.NoCredentials(logger);
            await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Warn, "skipped: no credentials, no role token").ConfigureAwait(false);
            return;
        }

        await PublishAsync(KnownResourceStates.Starting, KnownResourceStateStyles.Info, "waiting for the API").ConfigureAwait(false);
        var baseUrl = resource.Api.BaseUrl;
        BootstrapLog.Starting(logger, baseUrl, Settings);
        var client = new K2hr3AdminClient(http, baseUrl);
        await WaitForApiAsync(client, cancellationToken).ConfigureAwait(false);

        string? userToken = null;
        if (Settings.HasCredentials)
        {
            var (token, usedQueryFallback) = await RetryAsync(
                "scoped token",
                ct => client.GetScopedTokenAsync(Settings.UserName!, Settings.Password, Settings.AdminTenant, ct),
                cancellationToken).ConfigureAwait(false);
            userToken = token;
            if (usedQueryFallback)
            {
                BootstrapLog.UsedQueryFallback(logger);
            }

            BootstrapLog.GotUserToken(logger, Settings.AdminTenant, Settings.UserName!);
        }

        string registrationToken;
        if (Settings.RegistrationToken is { } premade)
        {
            registrationToken = premade;
            BootstrapLog.UsingPremadeToken(logger, Settings.DelHostRole);
        }
        else
        {
            await EnsureRoleAsync(client, userToken!, Settings.DelHostRole, cancellationToken).ConfigureAwait(false);
            registrationToken = await RetryAsync(
                "role token",
                ct => client.CreateRoleTokenAsync(userToken!, Settings.DelHostRole, Settings.RoleTokenExpirySeconds, ct),
                cancellationToken).ConfigureAwait(false);
            BootstrapLog.RoleTokenCreated(logger, Settings.DelHostRole, Settings.RoleTokenExpirySeconds == 0 ? "K2HR3's registration-token lifetime" : TimeSpan.FromSeconds(Settings.RoleTokenExpirySeconds).ToString());
            if (Settings.RoleTokenExpirySeconds > 0)
            {
                // A listener restarted after most of the lifetime has passed would register with an expired token.
                resource.EnableRenewal(TimeSpan.FromSeconds(Settings.RoleTokenExpirySeconds), ct => CreateRoleTokenAsync(client, ct), time, logger);
            }
        }

        if (userToken is not null && Settings.DemoEnabled)
        {
            await EnsureRoleAsync(client, userToken, Settings.DemoRole, cancellationToken).ConfigureAwait(false);
            await RetryAsync(
                "demo host",
                async ct =>
                {
                    await client.AddHostAsync(userToken, Settings.DemoRole, Settings.DemoIp, Settings.DemoCuk, "openstack-auto-v1", ct).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            BootstrapLog.DemoSeeded(logger, Settings.DemoRole, Settings.DemoIp, Settings.DemoCuk);
        }

        // From here on the listener may start: its environment callback reads the token.
        resource.RegistrationToken = registrationToken;
        await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Info, "role token ready; waiting for the listener to register").ConfigureAwait(false);

        if (userToken is null)
        {
            await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Success, "role token handed to the listener").ConfigureAwait(false);
            return;
        }

        await ConfirmListenerRegisteredAsync(client, userToken, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A fresh role token with a fresh user token (that one may have expired as well); one attempt.</summary>
    private async Task<string> CreateRoleTokenAsync(K2hr3AdminClient client, CancellationToken cancellationToken)
    {
        var (userToken, _) = await client.GetScopedTokenAsync(Settings.UserName!, Settings.Password, Settings.AdminTenant, cancellationToken).ConfigureAwait(false);
        return await client.CreateRoleTokenAsync(userToken, Settings.DelHostRole, Settings.RoleTokenExpirySeconds, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForApiAsync(K2hr3AdminClient client, CancellationToken cancellationToken)
    {
        if (resource.Api is not K2hr3ApiTarget.Existing)
        {
            return; // A modelled API is healthy already: the bootstrap WaitFor's it.
        }

        BootstrapLog.WaitingForApi(logger, Settings.ApiWait);
        var deadline = time.GetUtcNow() + Settings.ApiWait;
        while (!await client.IsUpAsync(cancellationToken).ConfigureAwait(false))
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"the API at {client.BaseUrl} did not answer GET / with 200 within {Settings.ApiWait}");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureRoleAsync(K2hr3AdminClient client, string userToken, string role, CancellationToken cancellationToken)
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

    private async Task ConfirmListenerRegisteredAsync(K2hr3AdminClient client, string userToken, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Settings.RegistrationWait;
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                var role = await client.GetRoleAsync(userToken, Settings.DelHostRole, cancellationToken).ConfigureAwait(false);
                var addresses = role?.AddressesTagged(K2hr3BootstrapSettings.ListenerTag).Distinct().ToList() ?? [];
                if (addresses.Count > 0)
                {
                    var joined = string.Join(", ", addresses);
                    BootstrapLog.ListenerRegistered(logger, Settings.DelHostRole, joined);
                    await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
                    {
                        State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                        Properties = snapshot.Properties
                            .SetProperty(StepProperty, $"done: listener is a member of {Settings.DelHostRole} as {joined}")
                            .SetProperty(ListenerAddressProperty, joined),
                    }).ConfigureAwait(false);
                    return;
                }
            }
            catch (K2hr3ApiException ex)
            {
                BootstrapLog.RegistrationCheckFailed(logger, Settings.DelHostRole, ex.Message);
            }

            await Task.Delay(RegistrationPollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        BootstrapLog.ListenerNotSeen(logger, Settings.DelHostRole, Settings.RegistrationWait);
        await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Warn, "listener registration not seen").ConfigureAwait(false);
    }

    private async Task<T> RetryAsync<T>(string step, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (K2hr3ApiException ex) when (attempt < Settings.Attempts)
            {
                BootstrapLog.AttemptFailed(logger, step, attempt, Settings.Attempts, ex.Message);
                var delay = TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, attempt - 1)));
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task PublishAsync(string state, string style, string step)
        => notifications.PublishUpdateAsync(resource, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(state, style),
            StartTimeStamp = state == KnownResourceStates.Running ? snapshot.StartTimeStamp ?? time.GetUtcNow().UtcDateTime : snapshot.StartTimeStamp,
            Properties = snapshot.Properties.SetProperty(StepProperty, step),
        });
}
