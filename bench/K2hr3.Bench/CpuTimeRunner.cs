using System.Diagnostics;
using System.Globalization;

namespace K2hr3.Bench;

/// <summary>
/// A second opinion for shared machines: BenchmarkDotNet measures wall time, which grows with every other process
/// competing for the cores. This runs each per-message case single-threaded and divides the process CPU time by the
/// iterations (<c>-- --cpu-time</c>). Less rigorous (no outlier analysis; cache pollution from neighbours remains), but
/// stable under load.
/// </summary>
internal static class CpuTimeRunner
{
    public static void Run(int iterations)
    {
        Console.WriteLine($"| Sample | CPU time per message | Allocated per message | iterations |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var sample in new[] { "neutron", "nova", "nova-versioned" })
        {
            var benchmark = new PerMessagePathBenchmarks { Sample = sample };
            benchmark.Setup();
            for (var i = 0; i < iterations / 10; i++)
            {
                benchmark.DecodeFilterExtractValidateBuild(); // warm-up: tiered JIT, pools
            }

            GC.Collect();
            var process = Process.GetCurrentProcess();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = process.TotalProcessorTime;
            for (var i = 0; i < iterations; i++)
            {
                benchmark.DecodeFilterExtractValidateBuild();
            }

            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {sample} | {cpu.TotalMicroseconds / iterations:F2} µs | {allocated / iterations} B | {iterations} |"));
        }
    }
}
