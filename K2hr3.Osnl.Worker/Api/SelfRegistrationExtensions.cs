using System.Net.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace K2hr3.Osnl.Worker.Api;

/// <summary>Adds self-registration to the worker's host when <c>K2hr3:Api:RegistrationToken</c> is configured.</summary>
public static class SelfRegistrationExtensions
{
    public const string NoTokenReason =
        "no role token to register with (K2hr3:Api:RegistrationToken or K2hr3:Api:RegistrationTokenFile; the AppHost's "
        + "osnl-bootstrap or the deployment's osnl-bootstrap service provides one)";

    /// <summary>
    /// Registers <see cref="SelfRegistrationService"/> and the <c>k2hr3-registration</c> health check (part of
    /// <c>/health</c>). Without a registration token: only the health check, always unhealthy, when
    /// <c>K2hr3:Api:RegistrationRequired</c> is true; otherwise nothing.
    /// </summary>
    /// <param name="builder">The worker's host builder (its configuration holds <c>K2hr3:Api:Registration*</c>).</param>
    /// <param name="api">The validated API settings: URL, time-out and <c>allow_self_signed_cert</c> apply here too.</param>
    public static TBuilder AddK2hr3SelfRegistration<TBuilder>(this TBuilder builder, ApiSettings api)
        where TBuilder : IHostApplicationBuilder
    {
        if (SelfRegistrationOptions.FromConfiguration(builder.Configuration, api) is not { } options)
        {
            if (SelfRegistrationOptions.Required(builder.Configuration))
            {
                // Expected to register but given nothing to register with: /health says so instead of a green light.
                var status = new SelfRegistrationStatus();
                status.Failed(NoTokenReason);
                builder.Services.AddSingleton(status);
                builder.Services.AddHealthChecks().AddCheck<SelfRegistrationHealthCheck>(SelfRegistrationHealthCheck.Name);
            }

            return builder;
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SelfRegistrationStatus>();
        builder.Services.AddHttpClient<SelfRegistrationService>(SelfRegistrationService.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(api))
            .ConfigureHttpClient(http => http.Timeout = api.Timeout);
        builder.Services.AddHostedService(provider => provider.GetRequiredService<SelfRegistrationService>());
        builder.Services.AddHealthChecks().AddCheck<SelfRegistrationHealthCheck>(SelfRegistrationHealthCheck.Name);
        return builder;
    }

    private static SocketsHttpHandler CreateHandler(ApiSettings api)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = api.Timeout, AllowAutoRedirect = false };
        if (api.AllowSelfSignedCert)
        {
            // Same meaning as for the DELETE: allow_self_signed_cert accepts any server certificate.
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
        }

        return handler;
    }
}
