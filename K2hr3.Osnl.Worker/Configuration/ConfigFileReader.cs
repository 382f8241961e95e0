using System.Text;

namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>
/// Reads k2hr3-osnl.conf. A file named with <c>-c</c> must exist and parse. The default path may be absent only when
/// .NET configuration configures the listener (Aspire does); with neither, upstream exits 1 and so do we — running on
/// defaults would consume from guest@127.0.0.1 and call https://localhost. Unlike upstream, no
/// <c>/etc/k2hr3-osnl.conf.d/*.conf</c> is merged (osnl-compatibility.md §3.4, §9 #19).
/// </summary>
internal static class ConfigFileReader
{
    /// <param name="path">The file.</param>
    /// <param name="explicitlyGiven">Named with <c>-c</c> (else the default path).</param>
    /// <param name="configuredOtherwise">.NET configuration sets the listener's keys (see <see cref="OsnlSettingsLoader"/>).</param>
    /// <param name="warnings">Receives the note that the default file is absent.</param>
    /// <returns>The parsed file, or null when the default file is absent and .NET configuration stands in (a warning says so).</returns>
    public static OsloIniDocument? Read(string path, bool explicitlyGiven, bool configuredOtherwise, ICollection<string> warnings)
    {
        if (!explicitlyGiven && !File.Exists(path) && !Directory.Exists(path))
        {
            if (!configuredOtherwise)
            {
                throw new OsnlConfigurationException(
                    $"config file {path} not found: give one with -c, or configure the listener through .NET configuration "
                    + $"({OsnlConfigurationKeys.RabbitMqConnectionString}, {OsnlConfigurationKeys.ApiUrl}, {OsnlConfigurationKeys.Osnl}:*)");
            }

            warnings.Add($"configuration file {path} not found; using defaults and .NET configuration");
            return null;
        }

        if (Directory.Exists(path))
        {
            throw new OsnlConfigurationException($"config file {path} is a directory");
        }

        if (!File.Exists(path))
        {
            throw new OsnlConfigurationException($"config file {path} not found");
        }

        try
        {
            return OsloIniParser.ParseFile(path);
        }
        catch (OsloIniParseException e)
        {
            throw new OsnlConfigurationException("parse error, " + MessageText.OneLine(e.Message));
        }
        catch (DecoderFallbackException)
        {
            throw new OsnlConfigurationException($"config file {path} is not valid UTF-8");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OsnlConfigurationException($"config file {path} cannot be read: {MessageText.OneLine(e.Message)}");
        }
    }
}
