using System.Globalization;
using System.Runtime.InteropServices;

namespace K2hr3.Throughput;

/// <summary>Where a result came from: CPU, cores, memory, OS, .NET, broker version, and how busy the machine was.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Memory, string OperatingSystem, string Runtime, string Broker)
{
    public static MachineInfo Describe(string brokerVersion) => new(
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        ProcField("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], CultureInfo.InvariantCulture, out var kilobytes)
            ? $"{kilobytes / (1024.0 * 1024):0} GiB"
            : "unknown",
        OsRelease() ?? RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        "RabbitMQ " + brokerVersion);

    /// <summary>The 1-minute load average (/proc/loadavg), or null.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public override string ToString() => $"{Cpu}, {Cores} cores, {Memory}; {OperatingSystem}; {Runtime}; {Broker}";

    private static string? ProcField(string file, string name)
    {
        try
        {
            return File.ReadLines(file)
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
                .Select(parts => parts[1].Trim())
                .FirstOrDefault();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? OsRelease()
    {
        try
        {
            return File.ReadLines("/etc/os-release")
                .Where(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                .Select(line => line["PRETTY_NAME=".Length..].Trim('"'))
                .FirstOrDefault();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
