namespace K2hr3.Tests.Publishing;

/// <summary>How a healthcheck's program and arguments reach the engine (Docker, and Podman's Docker API).</summary>
public sealed class ComposeHealthcheckCommandTests
{
    [Fact]
    public void CommandWithPlainArgumentsKeepsTheExecForm()
    {
        Assert.Equal(["CMD", "chmpxstatus", "-conf", "/etc/antpickax/server.ini"], ComposeHealthchecks.Command("chmpxstatus", "-conf", "/etc/antpickax/server.ini"));
    }

    [Fact]
    public async Task CommandWithSpacesAndQuotesBecomesOneShellStringThatGivesBackEveryArgument()
    {
        string[] arguments = ["printf", "%s|", "a b", "it's", "\"q\"", "$HOME", "back\\slash", string.Empty];

        var test = ComposeHealthchecks.Command(arguments);

        Assert.Equal("CMD-SHELL", test[0]);
        Assert.Equal(2, test.Count);
        var result = await CommandLine.RunAsync("sh", ["-c", test[1]], TimeSpan.FromSeconds(10));
        Assert.True(result.Succeeded, result.Output);
        Assert.Equal("a b|it's|\"q\"|$HOME|back\\slash||", result.StandardOutput);
    }
}
