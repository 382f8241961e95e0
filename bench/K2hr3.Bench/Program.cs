using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/K2hr3.Bench -- --filter '*PerMessage*' --job short
BenchmarkSwitcher.FromAssembly(typeof(K2hr3.Bench.PerMessagePathBenchmarks).Assembly).Run(args);
