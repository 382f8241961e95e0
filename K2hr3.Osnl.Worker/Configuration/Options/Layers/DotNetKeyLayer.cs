using Microsoft.Extensions.Configuration;

namespace K2hr3.Osnl.Worker.Configuration.Options.Layers;

/// <summary>
/// A dedicated .NET configuration key that supplies one option, e.g. <c>ConnectionStrings:rabbitmq</c> for
/// transport_url or <c>K2hr3:Api:Url</c> for api_url. A blank value counts as absent.
/// </summary>
/// <param name="transform">Maps the configured text to the option's text (e.g. base URL → <c>/v1/role</c>).</param>
internal sealed class DotNetKeyLayer(IConfiguration configuration, OsnlOption target, string configurationKey,
    Func<string, string>? transform = null) : IOptionLayer
{
    public bool TryGet(OsnlOption option, string key, out RawOptionValue value)
    {
        var text = configuration[configurationKey];
        var found = option == target && key == option.Name && !string.IsNullOrWhiteSpace(text);
        value = new RawOptionValue(configurationKey, found && transform is not null ? transform(text!) : text);
        return found;
    }
}
