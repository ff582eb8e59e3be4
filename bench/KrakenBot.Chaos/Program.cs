using KrakenBot.Chaos;

// Harness: dotnet run -c Release --project bench/KrakenBot.Chaos -- --orders N --seed S [--faults all|LIST] [--kill-every K]
// Worker (started by the harness): --worker --rest URL --key KEY --journal PATH --seed S --orders N --from I
if (args.Length > 0 && args[0] == "--worker")
{
    var named = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 1; i + 1 < args.Length; i += 2) named[args[i]] = args[i + 1];
    return await Worker.RunAsync(named);
}

ChaosOptions options;
try
{
    options = ChaosOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var report = await new ChaosRun(options, Console.Error).RunAsync();
Console.Error.WriteLine($"seed={options.Seed} elapsed={report.Elapsed.TotalSeconds:F1}s");
Console.WriteLine(report.Line);
return report.Audit.Clean ? 0 : 1;
