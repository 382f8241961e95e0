using System.Runtime.InteropServices;

namespace K2hr3.Tests.Support;

/// <summary>
/// Sends POSIX signals. <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL; graceful-stop tests need SIGTERM,
/// and the broker helper kills whole process groups (negative pid).
/// </summary>
public static class UnixSignal
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigInt = 2;

    /// <summary>kill(2). Returns false when the process (group) does not exist any more.</summary>
    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to every process of the group led by <paramref name="groupLeaderPid"/>.</summary>
    public static bool SendToGroup(int groupLeaderPid, int signal) => kill(-groupLeaderPid, signal) == 0;

    // DllImport rather than LibraryImport: the generated stub needs AllowUnsafeBlocks, and int-only signatures marshal as is.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
