using System.Net;

namespace K2hr3.Bootstrap;

/// <summary>A K2HR3 API call that did not answer as expected. The message never contains a token or password.</summary>
public sealed class K2hr3ApiException(string operation, HttpStatusCode? status, string detail)
    : Exception($"{operation}: {(status is { } code ? $"HTTP {(int)code}" : "no response")}{(detail.Length > 0 ? $" ({detail})" : string.Empty)}")
{
    public HttpStatusCode? Status { get; } = status;
}
