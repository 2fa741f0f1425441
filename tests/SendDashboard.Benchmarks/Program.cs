using BenchmarkDotNet.Running;
using SendDashboard.Benchmarks.Dashboard;
using SendDashboard.Benchmarks.Ingest;

// End-to-end benchmarks are verbs of their own (deploy/senddash.sh bench ingest --rows N); anything else
// goes to BenchmarkDotNet's switcher, for micro-benchmarks. Each prints its figures and a ratio against a
// baseline measured in the same run.
return args switch
{
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(rest),
    ["dashboard", .. var rest] => await DashboardBenchmark.RunAsync(rest),
    ["circuits", .. var rest] => await SendDashboard.Benchmarks.Load.CircuitBenchmark.RunAsync(rest),
    ["pack", .. var rest] => await SendDashboard.Benchmarks.Meetings.PackBenchmark.RunAsync(rest),
    [IngestBenchmark.PipelineVerb, .. var rest] => await IngestBenchmark.RunPipelineAsync(rest),
    _ => Switch(args),
};

static int Switch(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmark).Assembly).Run(args);
    return 0;
}
