using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using K2hr3.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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
    private SinkRecording _recording = new();

    private DeleteSink(WebApplication app, int port)
    {
        _app = app;
        RoleUri = new Uri($"http://127.0.0.1:{port}/v1/role");
    }

    /// <summary>The listener's <c>api_url</c>.</summary>
    public Uri RoleUri { get; }

    public static async Task<DeleteSink> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var sink = new DeleteSink(app, port);
        app.Run(sink.Handle);
        await app.StartAsync(cancellationToken);
        return sink;
    }

    /// <summary>Starts a fresh recording (the previous listener's requests are not counted).</summary>
    public SinkRecording StartRecording()
    {
        var recording = new SinkRecording();
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

/// <summary>The requests one listener sent: count, distinct cuks, first and last arrival (Stopwatch ticks).</summary>
internal sealed class SinkRecording
{
    private readonly ConcurrentDictionary<string, byte> _cuks = new(StringComparer.Ordinal);
    private long _first;
    private long _last;
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

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
