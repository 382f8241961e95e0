namespace K2hr3.Tests.Configuration;

/// <summary>The built worker's exit codes and single stderr line for start-up problems.</summary>
public class WorkerProcessTests
{
    [Fact]
    public async Task AMissingConfigFileExitsWith1()
    {
        var result = await WorkerProcessHandle.RunToExitAsync(["-c", "/nonexistent/k2hr3-osnl.conf"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["k2hr3-osnl: error: config file /nonexistent/k2hr3-osnl.conf not found"], result.ErrorLines);
    }

    [Fact]
    public async Task NoConfigFileAndNoDotNetConfigurationExitsWith1NamingTheDefaultPath()
    {
        if (File.Exists("/etc/k2hr3/k2hr3_osnl.conf"))
        {
            Assert.Skip("this machine has /etc/k2hr3/k2hr3_osnl.conf, the default the test needs absent");
        }

        var result = await WorkerProcessHandle.RunToExitAsync([]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            ["k2hr3-osnl: error: config file /etc/k2hr3/k2hr3_osnl.conf not found: give one with -c, or configure the listener "
             + "through .NET configuration (ConnectionStrings:rabbitmq, K2hr3:Api:Url, Osnl:*)"],
            result.ErrorLines);
    }

    [Fact]
    public async Task AnIniSyntaxErrorExitsWith1NamingFileAndLine()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("broken.conf", "value = value\nvalue = value\n");
        var result = await WorkerProcessHandle.RunToExitAsync(["-c", path]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"k2hr3-osnl: error: parse error, Failed to parse {path}: at {path}:2, Section must be started before assignment: None"],
            result.ErrorLines);
    }

    [Fact]
    public async Task AnInvalidOptionValueExitsWith1NamingOptionAndValue()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("bad-value.conf", "[k2hr3]\napi_url = http://127.0.0.1:18080/v1/role\ntimeout_seconds = 1.5\n");
        var result = await WorkerProcessHandle.RunToExitAsync(["-c", path]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["k2hr3-osnl: error: invalid value for [k2hr3] timeout_seconds: '1.5': invalid literal for int() with base 10: '1.5'"],
            result.ErrorLines);
    }

    [Fact]
    public async Task PassThroughArgumentsAreDotNetConfiguration()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("ok.conf", "[k2hr3]\n");
        var result = await WorkerProcessHandle.RunToExitAsync(["-c", path, "--Osnl:worker:concurrency=0"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["k2hr3-osnl: error: invalid value for Osnl:worker:concurrency: '0': Should be greater than or equal to 1"],
            result.ErrorLines);
    }

    [Fact]
    public async Task OsloEnvironmentOverridesAreReadFromTheProcessEnvironment()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("ok.conf", "[k2hr3]\n");
        var result = await WorkerProcessHandle.RunToExitAsync(["-c", path],
            new Dictionary<string, string> { ["OS_OSLO_MESSAGING_NOTIFICATIONS__TRANSPORT_URL"] = "rabbit://u:hunter2@h/?nope=1" });
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("k2hr3-osnl: error: invalid value for OS_OSLO_MESSAGING_NOTIFICATIONS__TRANSPORT_URL: 'rabbit://u:***@h/?nope=1': unknown transport_url option 'nope'", line);
        Assert.DoesNotContain("hunter2", result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task AnInvalidLevelExitsWith2()
    {
        var result = await WorkerProcessHandle.RunToExitAsync(["-d", "loud"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["k2hr3-osnl: error: argument -d: invalid choice: 'loud' (choose from 'debug', 'info', 'warn', 'warning', 'error', 'critical')"],
            result.ErrorLines);
    }

    [Fact]
    public async Task VersionPrintsAndExitsWith0()
    {
        var result = await WorkerProcessHandle.RunToExitAsync(["-v"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^k2hr3-osnl \d+\.\d+\.\d+\S*\n$", result.StandardOutput);
        Assert.Empty(result.StandardError);
    }

    [Fact]
    public async Task HelpPrintsUsageAndExitsWith0()
    {
        var result = await WorkerProcessHandle.RunToExitAsync(["-h"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("k2hr3-osnl", result.StandardOutput);
        Assert.Contains("--config-file", result.StandardOutput);
        Assert.Empty(result.StandardError);
    }
}
