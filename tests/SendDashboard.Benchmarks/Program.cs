using BenchmarkDotNet.Running;

// Ingest and dashboard benchmarks arrive with the import pipeline and the dashboard (issues 4 and 5);
// each prints its figures and a ratio against a baseline measured in the same run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
