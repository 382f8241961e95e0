using System.Text;
using System.Text.Json;

namespace K2hr3.AppHost.Hosting;

/// <summary>
/// The node-config keys k2hr3-api and k2hr3-app read the same way (both servers come from the same upstream
/// <c>www</c> pattern), written once so the two generated files cannot drift.
/// </summary>
internal static class NodeServerConfigWriter
{
    /// <summary>Renders one strict-JSON object with LF line endings and a final newline (the bytes publish copies too).</summary>
    public static string Render(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>scheme, port, process model, TLS files and logging of one Node server.</summary>
    public static void WriteServer(Utf8JsonWriter json, K2hr3Scheme scheme, int port, TlsFiles? tls)
    {
        json.WriteString("scheme", scheme.ToUriScheme());

        // Always written: the packages' default.json5 sets a port, so the PORT variable would never be read.
        json.WriteNumber("port", port);

        // One process: the cluster fork multiplies MQ clients on the chmpx slave beyond its small limits.
        json.WriteBoolean("multiproc", false);

        // Never setuid: the AppHost (or the container's root) owns the process and the files it shares with chmpx.
        json.WriteString("runuser", string.Empty);
        json.WriteString("privatekey", tls?.KeyFile ?? string.Empty);
        json.WriteString("cert", tls?.CertFile ?? string.Empty);
        json.WriteString("ca", tls?.CaFile ?? string.Empty);

        // No log files: access and console logs go to stdout/stderr, which the dashboard shows.
        json.WriteNull("logdir");
        json.WriteNull("accesslogname");
        json.WriteNull("consolelogname");
    }
}
