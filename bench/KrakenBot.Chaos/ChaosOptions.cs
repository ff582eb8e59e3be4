using System.Globalization;

namespace KrakenBot.Chaos;

/// <summary>The harness's command line: <c>--orders N --seed S [--faults all|LIST] [--kill-every K]</c>.</summary>
internal sealed record ChaosOptions
{
    public int Orders { get; init; } = 500;
    public int Seed { get; init; } = 1;
    public IReadOnlyList<FaultKind> Faults { get; init; } = FaultKinds.All;
    /// <summary>Kill the worker (SIGKILL) after every this many placements; 0 = never.</summary>
    public int KillEvery { get; init; }

    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ChaosOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--orders" => options with { Orders = PositiveInt(name, Value()) },
                "--seed" => options with { Seed = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture) },
                "--faults" => options with { Faults = FaultKinds.Parse(Value()) },
                "--kill-every" => options with { KillEvery = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown argument '{name}'. Usage: --orders N --seed S [--faults all|none|LIST] [--kill-every K]"),
            };
        }
        if (options.KillEvery < 0) throw new ArgumentException("--kill-every must be 0 (never) or positive.");
        return options;
    }

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new ArgumentException($"{name} must be a positive whole number; got '{text}'.");
}
