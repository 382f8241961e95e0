namespace K2hr3.Osnl.Worker.Api;

/// <summary>Where self-registration stands; read by the health check, written by the service.</summary>
public sealed class SelfRegistrationStatus
{
    private volatile string? _lastError;
    private volatile bool _registered;

    public bool Registered => _registered;

    /// <summary>Why the last attempt failed (no token in it); null before the first failure and after success.</summary>
    public string? LastError => _lastError;

    public void Succeeded()
    {
        _lastError = null;
        _registered = true;
    }

    public void Failed(string reason) => _lastError = reason;
}
