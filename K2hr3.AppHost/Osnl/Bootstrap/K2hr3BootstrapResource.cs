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
}
