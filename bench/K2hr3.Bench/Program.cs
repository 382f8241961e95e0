using BenchmarkDotNet.Running;
using K2hr3.Bench;

// dotnet run -c Release --project bench/K2hr3.Bench -- --filter '*PerMessage*' --job short
// dotnet run -c Release --project bench/K2hr3.Bench -- --cpu-time      (CPU time per message, for busy machines)
if (args is ["--cpu-time", ..])
{
    CpuTimeRunner.Run(iterations: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(PerMessagePathBenchmarks).Assembly).Run(args);
