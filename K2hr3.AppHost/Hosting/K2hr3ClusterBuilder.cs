using K2hr3.AppHost.Api;
using K2hr3.AppHost.Dkc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.AppHost.Hosting;

/// <summary>
/// The K2HR3 part of the AppHost: bound options, the selected runtime, what this host has installed, and the cluster
/// model. Component folders (Dkc, Api, App) add their resources through it.
/// </summary>
public sealed partial class K2hr3ClusterBuilder
{
    /// <summary>Made by <see cref="K2hr3ClusterBuilderExtensions.AddK2hr3Cluster"/> only.</summary>
    internal K2hr3ClusterBuilder(
        IDistributedApplicationBuilder builder,
        K2hr3Options options,
        K2hr3RuntimeDecision runtime,
        string containerRuntime,
        K2hr3ClusterModel model,
        K2hr3Installation? installation,
        PortConflicts portConflicts,
        IReadOnlyList<IResourceBuilder<ParameterResource>> keystoneParameters)
    {
        ApplicationBuilder = builder;
        Options = options;
        RuntimeDecision = runtime;
        ContainerRuntime = containerRuntime;
        Model = model;
        Installation = installation;
        PortConflicts = portConflicts;
        KeystoneParameters = keystoneParameters;
    }

    public IDistributedApplicationBuilder ApplicationBuilder { get; }

    public K2hr3Options Options { get; }

    internal K2hr3RuntimeDecision RuntimeDecision { get; }

    public K2hr3Runtime Runtime => RuntimeDecision.Runtime;

    /// <summary>docker or podman: the CLI the containers runtime's health checks exec into containers with.</summary>
    internal string ContainerRuntime { get; }

    internal K2hr3ClusterModel Model { get; }

    /// <summary>What the processes runtime found on this host; null in the containers runtime.</summary>
    internal K2hr3Installation? Installation { get; }

    /// <summary>Fixed ports of the processes runtime that another process holds (checked once, before the model is built).</summary>
    internal PortConflicts PortConflicts { get; }

    /// <summary>keystone-url and keystone-region when a Keystone URL is configured; empty for dummyuserapi.</summary>
    public IReadOnlyList<IResourceBuilder<ParameterResource>> KeystoneParameters { get; }

    /// <summary>Points the dynamic loader at <c>K2hr3:Dkc:LibDir</c> (or the upstream prefix's lib/) when set.</summary>
    internal IResourceBuilder<T> WithLibraryPath<T>(IResourceBuilder<T> resource)
        where T : IResourceWithEnvironment
    {
        if (Options.Dkc.LibDir is not { Length: > 0 } libDir)
        {
            return resource;
        }

        var inherited = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        return resource.WithEnvironment("LD_LIBRARY_PATH", string.IsNullOrEmpty(inherited) ? libDir : $"{libDir}{Path.PathSeparator}{inherited}");
    }

    /// <summary>
    /// A container of <paramref name="image"/> (from <c>K2hr3:Images:Registry</c>) whose entrypoint is
    /// <paramref name="script"/> of the repository's <c>containers/</c> folder, run by /bin/sh; the caller mounts that
    /// folder at <see cref="ContainerPaths.Scripts"/>.
    /// </summary>
    internal IResourceBuilder<T> AddScriptContainer<T>(T resource, ContainerImageReference image, string script)
        where T : ContainerResource =>
        ApplicationBuilder.AddResource(resource)
            .WithImage(image.Image, image.Tag)
            .WithImageRegistry(Options.Images.Registry)
            .WithEntrypoint("/bin/sh")
            .WithArgs($"{ContainerPaths.Scripts}/{script}");

    /// <summary>The chmpx TERM→HUP wrapper run in front of every chmpx process (processes runtime).</summary>
    internal string ChmpxWrapperScript => Path.Combine(Model.Paths.ContainersDir, "run-chmpx.sh");

    /// <summary>Registers a health check and associates it with <paramref name="resource"/>.</summary>
    internal IResourceBuilder<T> WithK2hr3HealthCheck<T>(IResourceBuilder<T> resource, string key, Func<IServiceProvider, IHealthCheck> factory, TimeSpan timeout)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, factory, failureStatus: null, tags: null, timeout));
        return resource.WithHealthCheck(key);
    }

    /// <summary>Health check sending <paramref name="probe"/> to <paramref name="baseAddress"/>.</summary>
    internal IResourceBuilder<T> WithHttpProbe<T>(IResourceBuilder<T> resource, string key, Uri baseAddress, HttpProbe probe)
        where T : IResource =>
        WithK2hr3HealthCheck(
            resource,
            key,
            sp => new K2hr3HttpHealthCheck(sp.GetRequiredService<IHttpClientFactory>().CreateClient(K2hr3HttpHealthCheck.HttpClientName), baseAddress, probe),
            TimeSpan.FromSeconds(10));

    /// <summary>Health check asking chmpx whether it reached one of <paramref name="acceptable"/>.</summary>
    internal IResourceBuilder<T> WithChmpxStatus<T>(IResourceBuilder<T> resource, string key, ChmpxStatusInvocation invocation, IReadOnlyList<ChmpxState> acceptable)
        where T : IResource =>
        WithK2hr3HealthCheck(
            resource,
            key,
            sp => new ChmpxStatusHealthCheck(invocation, acceptable, sp, node: resource.Resource),
            TimeSpan.FromSeconds(30));

    internal void LogSelection(ILogger logger)
    {
        LogRuntime(logger, Runtime.ToString().ToLowerInvariant(), RuntimeDecision.Reason, Model.Paths.DataDir);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "K2HR3 runtime: {Runtime} ({Reason}); generated files in {DataDir}")]
    private static partial void LogRuntime(ILogger logger, string runtime, string reason, string dataDir);
}

public static class K2hr3ClusterBuilderExtensions
{
    /// <summary>
    /// Reads <c>K2hr3:*</c>, picks the runtime, detects what this host has (processes runtime), builds the cluster
    /// model and, at run time, writes the generated files before anything starts.
    /// </summary>
    /// <param name="builder">The AppHost builder.</param>
    /// <param name="containerRuntimeProbe">Decides <c>K2hr3:Runtime = auto</c>; default asks the container CLI.</param>
    public static K2hr3ClusterBuilder AddK2hr3Cluster(this IDistributedApplicationBuilder builder, IContainerRuntimeProbe? containerRuntimeProbe = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;

        // Parsed here first: the binder's own error would not name the value.
        _ = K2hr3RuntimeSelector.Parse(K2hr3RuntimeSelector.RuntimeKey, configuration[K2hr3RuntimeSelector.RuntimeKey]);
        var options = configuration.GetSection(K2hr3Options.SectionName).Get<K2hr3Options>() ?? new K2hr3Options();
        K2hr3OptionsValidator.ThrowIfInvalid(options);
        options.Upstream.ApplyTo(options);

        var containerRuntime = options.ContainerRuntime
            ?? configuration["ASPIRE_CONTAINER_RUNTIME"]
            ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"]
            ?? "docker";
        // Published artifacts (compose file, manifest) describe containers whatever this host could run.
        var decision = builder.ExecutionContext.IsPublishMode
            ? new K2hr3RuntimeDecision(K2hr3Runtime.Containers, "publish: the artifacts target containers")
            : K2hr3RuntimeSelector.Select(options.Runtime, containerRuntime, options.ContainerRuntimeAvailable, containerRuntimeProbe ?? new CliContainerRuntimeProbe());

        var (keystone, keystoneParameters) = AddKeystoneParameters(builder);
        var paths = K2hr3Paths.Create(options, builder.AppHostDirectory);
        var model = K2hr3ClusterModel.Create(options, decision.Runtime, paths, keystone);
        var installation = decision.Runtime == K2hr3Runtime.Processes
            ? K2hr3Installation.Detect(options, Environment.GetEnvironmentVariable("PATH"), NodePackageLocator.DefaultGlobalRoots)
            : null;

        var ports = decision.Runtime == K2hr3Runtime.Processes && builder.ExecutionContext.IsRunMode && options.CheckPorts
            ? PortConflicts.Find(model, options, PortConflicts.IsFree)
            : PortConflicts.None;

        var trust = new LoopbackCertificateTrust(model.HostTls?.CaFile);
        // Probes run every few seconds: keep their request logs out of the AppHost console (results show in the dashboard).
        builder.Services.AddHttpClient(K2hr3HttpHealthCheck.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = trust.Validate } })
            .RemoveAllLoggers();

        if (decision.Runtime == K2hr3Runtime.Containers && builder.ExecutionContext.IsRunMode)
        {
            // An image the engine cannot get shows the command that builds it, not just a failed pull.
            ContainerImageCheck.Add(builder, containerRuntime, Path.GetDirectoryName(paths.ContainersDir) ?? paths.ContainersDir);
        }

        var cluster = new K2hr3ClusterBuilder(builder, options, decision, containerRuntime, model, installation, ports, keystoneParameters);
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            cluster.LogSelection(e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("K2hr3.AppHost"));
            WriteGeneratedFiles(model);
            return Task.CompletedTask;
        });
        return cluster;
    }

    /// <summary>Writes every rendered file, the k2hdkc data folder and, for https without user files, a development certificate.</summary>
    internal static void WriteGeneratedFiles(K2hr3ClusterModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var file in model.RenderFiles())
        {
            file.WriteTo(model.Paths.DataDir);
        }

        if (model.Runtime == K2hr3Runtime.Processes)
        {
            Directory.CreateDirectory(model.Paths.K2hdkcDataDir);
        }

        if (model.UsesDevelopmentCertificate && model.HostTls is { } tls)
        {
            DevelopmentCertificates.Ensure(tls, [K2hr3ClusterModel.ApiResourceName, K2hr3ClusterModel.AppResourceName], TimeProvider.System);
        }
    }

    /// <summary>
    /// keystone-url / keystone-region parameters exist only when a Keystone URL is configured
    /// (<c>Parameters:keystone-url</c>); a constant AddParameter value could not be overridden, so configuration is read first.
    /// </summary>
    private static (KeystoneSettings Keystone, IReadOnlyList<IResourceBuilder<ParameterResource>> Parameters) AddKeystoneParameters(IDistributedApplicationBuilder builder)
    {
        var url = builder.Configuration["Parameters:keystone-url"];
        if (string.IsNullOrWhiteSpace(url))
        {
            return (KeystoneSettings.Dummy, []);
        }

        var region = builder.Configuration["Parameters:keystone-region"];
        var keystone = KeystoneSettings.OpenStack(url, region);
        var urlParameter = builder.AddParameter("keystone-url");
        var regionParameter = string.IsNullOrWhiteSpace(region)
            ? builder.AddParameter("keystone-region", KeystoneSettings.DefaultRegion)
            : builder.AddParameter("keystone-region");
        return (keystone, [urlParameter, regionParameter]);
    }
}
