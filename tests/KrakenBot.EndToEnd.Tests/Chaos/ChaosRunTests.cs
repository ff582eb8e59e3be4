using KrakenBot.Chaos;
using Xunit;
using Xunit.Abstractions;

namespace KrakenBot.EndToEnd.Tests.Chaos;

/// <summary>
/// The chaos harness, short: every fault switched on and off at random (seeded) while the connector trades in a child
/// process that is killed once with SIGKILL and restarted from its journal. Nothing may be lost, duplicated,
/// orphaned, missed or counted twice, and the balances must end equal to the sandbox's.
/// </summary>
public class ChaosRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_short_seeded_run_with_all_faults_and_one_kill_loses_nothing()
    {
        var log = new StringWriter();
        var run = new ChaosRun(new ChaosOptions { Orders = 120, Seed = 4242, Faults = FaultKinds.All, KillEvery = 60 }, log);

        var report = await run.RunAsync();

        output.WriteLine(log.ToString());
        output.WriteLine(report.Line);
        Assert.Equal(1, report.Kills);
        Assert.True(report.Faults > 0, "the fault driver switched no fault on");
        Assert.True(report.Audit.Fills > 0, "the workload filled nothing, so fills were not checked");
        Assert.Equal([], report.Audit.Findings);
        Assert.True(report.Audit.Clean, report.Line);
    }

    [Fact]
    public void The_command_line_is_checked_with_clear_errors()
    {
        Assert.Contains("--orders must be a positive whole number", Assert.Throws<ArgumentException>(() => ChaosOptions.Parse(["--orders", "0"])).Message);
        Assert.Contains("Unknown fault 'sockets'", Assert.Throws<ArgumentException>(() => ChaosOptions.Parse(["--faults", "sockets"])).Message);
        var options = ChaosOptions.Parse(["--orders", "10", "--seed", "3", "--faults", "ack-drop,rest-502", "--kill-every", "5"]);
        Assert.Equal([FaultKind.AckDrop, FaultKind.Rest502], options.Faults);
        Assert.Equal(5, options.KillEvery);
    }
}
