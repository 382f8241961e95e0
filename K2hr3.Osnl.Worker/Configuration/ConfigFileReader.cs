using System.Text;
using K2hr3.Osnl.Worker.Configuration.Ini;

namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>
/// Reads k2hr3-osnl.conf. A file named with <c>-c</c> must exist and parse; the default path may be absent
/// (then the worker runs on code defaults and .NET configuration, e.g. under Aspire). Unlike upstream, no
/// <c>/etc/k2hr3-osnl.conf.d/*.conf</c> is merged (§3.4, §9 #19).
/// </summary>
internal static class ConfigFileReader
{
    /// <returns>The parsed file, or null when the default file is absent (a warning says so).</returns>
    public static OsloIniDocument? Read(string path, bool explicitlyGiven, ICollection<string> warnings)
    {
        if (!explicitlyGiven && !File.Exists(path) && !Directory.Exists(path))
        {
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
