using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using K2hr3.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K2hr3.Throughput;

/// <summary>
/// The fastest possible K2HR3 API: Kestrel on 127.0.0.1 answering every request <c>204</c> at once, noting when it
/// arrived and which cuk it named. Deliberately not the tests' K2hr3ApiDouble (which records every request in full):
/// the sink shares the machine with the listener under test and must cost as little as possible.
/// </summary>
internal sealed class DeleteSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private SinkRecording _recording = new(new HashSet<string>());

    private DeleteSink(WebApplication app) => _app = app;

    /// <summary>The listener's <c>api_url</c> (known once started).</summary>
    public Uri RoleUri { get; private set; } = null!;

    public static async Task<DeleteSink> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1); // the OS picks the port at bind time
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var sink = new DeleteSink(app);
        app.Run(sink.Handle);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        sink.RoleUri = new Uri(new Uri(address), "/v1/role");
        return sink;
    }

    /// <summary>Starts a fresh recording (the previous listener's requests are not counted).</summary>
    /// <param name="warmupCuks">Requests for these are counted apart and not timed.</param>
    public SinkRecording StartRecording(IReadOnlySet<string> warmupCuks)
    {
        var recording = new SinkRecording(warmupCuks);
        Volatile.Write(ref _recording, recording);
        return recording;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private Task Handle(HttpContext context)
    {
        Volatile.Read(ref _recording).Record(context.Request.Query["cuk"].ToString());
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}

/// <summary>
/// The requests one listener sent: warm-up requests (counted only), and for the timed ones their count, distinct cuks,
/// first and last arrival (Stopwatch ticks).
/// </summary>
internal sealed class SinkRecording(IReadOnlySet<string> warmupCuks)
{
    private readonly ConcurrentDictionary<string, byte> _cuks = new(StringComparer.Ordinal);
    private long _first;
    private long _last;
    private int _requests;
    private int _warmupRequests;

    /// <summary>Requests for timed notifications.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests of any kind (the listener has started working).</summary>
    public int AllRequests => Volatile.Read(ref _requests) + Volatile.Read(ref _warmupRequests);

    public int DistinctCuks => _cuks.Count;

    /// <summary>From the first request's arrival to the last one's; zero before two requests arrived.</summary>
    public TimeSpan Window
    {
        get
        {
            var first = Interlocked.Read(ref _first);
            return first == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(first, Interlocked.Read(ref _last));
        }
    }

    public void Record(string cuk)
    {
        if (warmupCuks.Contains(cuk))
        {
            Interlocked.Increment(ref _warmupRequests);
            return;
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _first, now, 0);
        for (var last = Interlocked.Read(ref _last); now > last; last = Interlocked.Read(ref _last))
        {
            if (Interlocked.CompareExchange(ref _last, now, last) == last)
            {
                break;
            }
        }

        Interlocked.Increment(ref _requests);
        _cuks.TryAdd(cuk, 0);
    }
}
