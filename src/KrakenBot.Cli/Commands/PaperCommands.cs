using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// <c>paper init|balance|reset</c>: the paper account's balances, kept in the trading journal under the data directory
/// (<c>journal.db</c>, account <c>paper:default</c>).
/// </summary>
internal static class PaperCommands
{
    public static IReadOnlyList<Balance> DefaultBalances() => [new("USD", 10_000m, 0m), new("BTC", 1m, 0m), new("ETH", 10m, 0m)];

    public static IReadOnlyDictionary<string, decimal> DefaultStartingBalances() => DefaultBalances().ToDictionary(b => b.Asset, b => b.Total);

    public static async Task<int> InitAsync(CommandContext ctx, IReadOnlyList<string> balanceArgs, bool reset, CancellationToken ct)
    {
        var balances = balanceArgs.Count == 0 ? DefaultBalances() : balanceArgs.Select(ParseBalance).ToList();
        var session = await ctx.SessionAsync(ct);
        await session.StopPaperAsync();
        var account = await session.PaperAccountAsync(ct);
        if (!reset && (await account.PaperBalances.GetAsync(ct)).Count > 0)
            throw CliException.Usage("The paper account already has balances; 'paper reset' replaces them.");
        await account.PaperBalances.ResetAsync(balances, ct);
        return await ShowAsync(ctx, ConnectorNames.KrakenPaperTrade, balances, reset ? "Paper account reset." : "Paper account created.", ct);
    }

    /// <summary>Creates the paper account with the default balances when it has none.</summary>
    public static async Task EnsureAccountAsync(CommandContext ctx, CancellationToken ct)
    {
        var account = await (await ctx.SessionAsync(ct)).PaperAccountAsync(ct);
        if ((await account.PaperBalances.GetAsync(ct)).Count == 0) await account.PaperBalances.ResetAsync(DefaultBalances(), ct);
    }

    public static async Task<int> BalanceAsync(CommandContext ctx, CancellationToken ct)
    {
        var account = await (await ctx.SessionAsync(ct)).PaperAccountAsync(ct);
        var balances = await account.PaperBalances.GetAsync(ct);
        if (balances.Count == 0)
            throw CliException.Configuration("The paper account has no balances yet: run 'krakenbot paper init' (optionally --balance USD=10000 --balance BTC=1).");
        return await ShowAsync(ctx, ConnectorNames.KrakenPaperTrade, balances, null, ct);
    }

    internal static async Task<int> ShowAsync(CommandContext ctx, string connector, IReadOnlyList<Balance> balances, string? note, CancellationToken ct)
    {
        var sorted = balances.OrderBy(b => b.Asset, StringComparer.Ordinal).ToList();
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("connector", connector);
                w.WriteStartArray("balances");
                foreach (var b in sorted)
                {
                    w.WriteStartObject();
                    w.WriteString("asset", b.Asset);
                    w.Money("total", b.Total);
                    w.Money("available", b.Available);
                    w.Money("held", b.Held);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return 0;
        }
        var display = await ctx.DisplayAsync(ct);
        if (note is not null) ctx.Terminal.Console.WriteLine(note);
        var table = new Table().Border(TableBorder.Rounded).Title($"{connector} balances")
            .AddColumn("Asset").AddColumn(new TableColumn("Total").RightAligned()).AddColumn(new TableColumn("Available").RightAligned())
            .AddColumn(new TableColumn("Held by orders").RightAligned());
        foreach (var b in sorted) table.AddRow(b.Asset, display.Holding(b.Asset, b.Total), display.Holding(b.Asset, b.Available), display.Holding(b.Asset, b.Held));
        ctx.Terminal.Console.Write(table);
        return 0;
    }

    internal static Balance ParseBalance(string text)
    {
        var eq = text.IndexOf('=');
        if (eq > 0)
        {
            var asset = text[..eq].Trim().ToUpperInvariant();
            try
            {
                return new Balance(asset, TradingCommands.ParseDecimal(text[(eq + 1)..], "--balance amount"), 0m);
            }
            catch (CliException) { }
        }
        throw CliException.Usage($"--balance must look like ASSET=AMOUNT with a positive amount, e.g. USD=10000; got '{text}'.");
    }
}
