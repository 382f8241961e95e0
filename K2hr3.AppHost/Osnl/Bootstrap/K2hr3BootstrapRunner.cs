using K2hr3.Bootstrap;

namespace K2hr3.AppHost.Osnl.Bootstrap;

/// <summary>
/// The bootstrap's lifecycle, driven from <see cref="InitializeResourceEvent"/>:
/// wait for the API → scoped admin token → ensure the delhost role → role token (→ Running: the listener starts and
/// registers its own address with it) → seed the demo VM → confirm the listener shows up in the delhost role.
/// Every API call is retried a bounded number of times; a final failure is <c>FailedToStart</c> with the reason logged.
/// </summary>
internal sealed class K2hr3BootstrapRunner(K2hr3BootstrapResource resource, ResourceNotificationService notifications, ILogger logger, TimeProvider time)
{
    public const string StepProperty = "k2hr3.bootstrap.step";
    public const string ListenerAddressProperty = "k2hr3.bootstrap.listener";
    public const string StepDisplayName = "Reason";

    /// <summary>Short, plain states for a bootstrap that does nothing (nothing waits for it then).</summary>
    public const string DisabledState = "Disabled";
    public const string SkippedState = "Skipped";

    private K2hr3BootstrapSettings Settings => resource.Settings;

    /// <summary>
    /// Why the bootstrap will not run, known when the model is built: then the listener does not wait for it (a
    /// resource waited for must show <c>Running</c>, which would hide the reason) and starts without a role token.
    /// </summary>
    public static Skip? SkipReason(K2hr3BootstrapSettings settings, K2hr3ApiTarget api) => (settings, api) switch
    {
        ({ Enabled: false }, _) => new(DisabledState, KnownResourceStateStyles.Info, "disabled (K2hr3:Bootstrap:Enabled=false): the listener registers as you arranged, or not at all"),
        (_, K2hr3ApiTarget.Modelled { Available: false } unavailable) => new(SkippedState, KnownResourceStateStyles.Warn, $"{unavailable.Resource.Name} cannot run here (see its state): the listener starts unregistered and is unhealthy"),
        ({ HasCredentials: false, RegistrationToken: null }, _) => new(SkippedState, KnownResourceStateStyles.Warn, "no credentials (K2hr3:Api:UserName/Password) and no role token (K2hr3:Api:RegistrationToken): the listener starts unregistered and is unhealthy"),
        _ => null,
    };

    private void LogSkipped(Skip skipped)
    {
        switch (skipped.State, resource.Api)
        {
            case (DisabledState, _):
                BootstrapLog.Disabled(logger);
                break;
            case (_, K2hr3ApiTarget.Modelled { Available: false } unavailable):
                BootstrapLog.ApiUnavailable(logger, unavailable.Resource.Name);
                break;
            default:
                BootstrapLog.NoCredentials(logger);
                break;
        }
    }

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
        if (SkipReason(Settings, resource.Api) is { } skipped)
        {
            LogSkipped(skipped);
            await PublishAsync(skipped.State, skipped.Style, skipped.Reason).ConfigureAwait(false);
            return;
        }

        await PublishAsync(KnownResourceStates.Starting, KnownResourceStateStyles.Info, "waiting for the API").ConfigureAwait(false);
        var steps = new DelHostRoleBootstrap(new K2hr3AdminClient(http, resource.Api.BaseUrl), Settings, logger, time);
        if (resource.Api is K2hr3ApiTarget.Existing)
        {
            // A modelled API is healthy already: the bootstrap WaitFor's it.
            await steps.WaitForApiAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = await steps.RunAsync(cancellationToken).ConfigureAwait(false);
        if (result.Created && Settings.RoleTokenExpirySeconds > 0)
        {
            // A listener restarted after most of the lifetime has passed would register with an expired token.
            resource.EnableRenewal(TimeSpan.FromSeconds(Settings.RoleTokenExpirySeconds), steps.RenewRoleTokenAsync, time, logger);
        }

        // From here on the listener may start: its environment callback reads the token.
        resource.RegistrationToken = result.RegistrationToken;
        await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Info, "role token ready; waiting for the listener to register").ConfigureAwait(false);

        if (result.UserToken is null)
        {
            await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Success, "role token handed to the listener").ConfigureAwait(false);
            return;
        }

        var addresses = await steps.WaitForListenerAsync(result.UserToken, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Warn, $"listener registration not seen in {Settings.DelHostRole}; see the osnl console").ConfigureAwait(false);
            return;
        }

        var joined = string.Join(", ", addresses);
        await PublishAsync(KnownResourceStates.Running, KnownResourceStateStyles.Success, $"done: listener is a member of {Settings.DelHostRole} as {joined}", (ListenerAddressProperty, joined)).ConfigureAwait(false);
    }

    /// <summary>
    /// The state stays one plain word (the dashboard re-spaces longer custom states, and the listener's WaitFor needs
    /// <c>Running</c>); the reason goes whole into the step property, which the dashboard's details show as it is.
    /// </summary>
    private Task PublishAsync(string state, string style, string step, params (string Name, string Value)[] extra)
        => notifications.PublishUpdateAsync(resource, snapshot =>
        {
            var properties = snapshot.Properties.SetProperty(StepProperty, step, StepDisplayName);
            foreach (var (name, value) in extra)
            {
                properties = properties.SetProperty(name, value);
            }

            return snapshot with
            {
                State = new ResourceStateSnapshot(state, style),
                StartTimeStamp = state == KnownResourceStates.Running ? snapshot.StartTimeStamp ?? time.GetUtcNow().UtcDateTime : snapshot.StartTimeStamp,
                Properties = properties,
            };
        });

    /// <summary>A bootstrap that does nothing, and why.</summary>
    public sealed record Skip(string State, string Style, string Reason);
}
