using System.Runtime.InteropServices;
using KrakenBot.Sandbox;
using Microsoft.Extensions.Logging;

// The sandbox as a program: parse, start on 127.0.0.1, print the ready line, stop cleanly on SIGINT/SIGTERM.
var (options, error) = CommandLine.Parse(args);
if (options is null)
{
    if (error!.Length > 0) Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(CommandLine.Usage);
    return error.Length > 0 ? 2 : 0;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

// Warnings and errors go to stderr, so stdout carries exactly the ready line.
using var logging = LoggerFactory.Create(b => b
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(o => o.SingleLine = true)
    .AddFilter("Microsoft", LogLevel.Warning)
    .SetMinimumLevel(LogLevel.Warning));
SandboxHost host;
try
{
    host = await SandboxHost.StartAsync(new SandboxOptions
    {
        Port = options.Port, WebSocketAuthPort = options.WebSocketAuthPort, Accounts = options.Accounts, Tier = options.Tier, Seed = options.Seed,
        MarketActivity = options.MarketActivity, Market = options.Market, DataDirectory = options.DataDirectory, LoggerFactory = logging,
    });
}
catch (Exception e) when (e is ArgumentException or IOException or Microsoft.Data.Sqlite.SqliteException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return e is ArgumentException ? 2 : 1;
}

await using (host)
{
    Console.WriteLine(host.ReadyLine);
    await stop.Task;
    Console.Error.WriteLine("sandbox stopping");
}
return 0;
