namespace K2hr3.Tests.Support;

/// <summary>
/// The suite's bounds for a wait, named by how long the awaited thing may take, as Aspire's own tests have them: a test
/// class picks one rather than a number of its own (every wait in the tests is bounded, README "Tests").
/// </summary>
public static class TestConstants
{
    /// <summary>A few messages through a broker and the API double, an API call, a script run.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Many messages or redelivery rounds, a worker process, a broker of its own, a compose check.</summary>
    public static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A broker restart under load, an AppHost run through DCP.</summary>
    public static readonly TimeSpan ExtraLongTimeout = TimeSpan.FromSeconds(120);
}
