using System.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps W3C trace context flowing when no OpenTelemetry exporter is configured: listens to the service's own
/// ActivitySources and to HttpClient's with <see cref="ActivitySamplingResult.PropagationData"/> — activities get ids
/// and parents (so an incoming <c>traceparent</c> reaches outgoing requests) but record no tags or events, which is
/// what makes them cheap. Any real listener (an exporter, a test's) that asks for more still gets more.
/// </summary>
public sealed class TraceContextPropagation(IReadOnlyCollection<string> sources) : IHostedService, IDisposable
{
    /// <summary>HttpClient's ActivitySource: its activity is what injects <c>traceparent</c> into requests.</summary>
    public const string HttpClientSource = "System.Net.Http";

    private readonly HashSet<string> _sources = new(sources.Append(HttpClientSource), StringComparer.Ordinal);
    private ActivityListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => _sources.Contains(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }
}
