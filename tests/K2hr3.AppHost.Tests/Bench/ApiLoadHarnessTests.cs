namespace K2hr3.Tests.Bench;

/// <summary>
/// The documented API load command (bench/README.md "The API under load") keeps working: a short run against the
/// K2HR3 API double writes, reads and deletes at once, checks the roles afterwards and writes its table. Rates are not
/// asserted (they are the real API's, measured on the real stack by hand).
/// </summary>
public sealed class ApiLoadHarnessTests
{
    [Fact]
    public async Task HarnessWritesReadsAndDeletesAtOnceAndChecksTheRolesAfterwards()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var directory = new TempDirectory();
        var markdown = directory.Combine("apiload.md");

        var result = await BenchCommand.RunAsync(
            "ApiLoadHarness",
            ["--api", api.BaseUri.ToString(), "--seconds", "2", "--writers", "2", "--readers", "2", "--deleters", "1", "--roles", "3", "--markdown", markdown],
            TimeSpan.FromMinutes(2));

        Assert.True(result.Succeeded, result.Output);
        var table = await File.ReadAllTextAsync(markdown, TestContext.Current.CancellationToken);
        foreach (var operation in new[] { "role host write (PUT)", "role read (GET)", "listener delete (DELETE)", "all" })
        {
            Assert.True(Regex.IsMatch(table, $@"\| {Regex.Escape(operation)} \| [1-9]\d* \| [\d.]+ \| 0 \|"), table);
        }

        Assert.True(Regex.IsMatch(table, @"Afterwards: [1-9]\d* hosts written and kept — 0 missing; [1-9]\d* deleted — 0 still listed\."), table);
        Assert.Contains(api.Requests, r => r.Method == "DELETE" && r.Path == "/v1/role" && r.ResponseStatus == 204);
    }
}
