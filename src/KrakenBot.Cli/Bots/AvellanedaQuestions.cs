using System.Text;
using KrakenBot.Strategies.Avellaneda.Config;
using KrakenBot.Strategies.MarketMaking.Config;

namespace KrakenBot.Cli.Bots;

/// <summary>
/// What <c>krakenbot create avellaneda</c> asks, in Hummingbot's order and words. Each answer is checked by the config
/// reader itself (<see cref="AvellanedaConfigFile"/>), so a value <c>create</c> accepts is one <c>start</c> accepts.
/// </summary>
internal static class AvellanedaQuestions
{
    /// <summary>A question: its key, the prompt, its default (null: required), and whether the answers so far call for it.</summary>
    internal sealed record Question(string Key, string Prompt, string? Default, Func<IReadOnlyDictionary<string, string>, bool>? AskedWhen = null);

    private static bool Dated(IReadOnlyDictionary<string, string> answers) =>
        answers.GetValueOrDefault("execution_timeframe_mode") is "from_date_to_date" or "daily_between_times";

    public static readonly IReadOnlyList<Question> All =
    [
        new("exchange", "Enter your maker spot connector (kraken or kraken_paper_trade)", "kraken"),
        new("market", "Enter the token trading pair you would like to trade on (e.g. BTC-USD)", null),
        new("execution_timeframe_mode", "Choose execution timeframe (infinite, from_date_to_date, daily_between_times)", "infinite"),
        new("execution_timeframe_start", "Please enter the start date and time (UTC, e.g. 2026-12-24 09:00:00, or 09:00:00 daily)", null, Dated),
        new("execution_timeframe_end", "Please enter the end date and time (UTC, e.g. 2026-12-24 17:00:00, or 17:00:00 daily)", null, Dated),
        new("order_amount", "What is the amount of base asset per order?", null),
        new("risk_factor", "Enter risk factor (γ)", "1"),
        new("order_amount_shape_factor", "Enter order amount shape factor (η)", "0"),
        new("min_spread", "Enter minimum spread limit (as % of mid price)", "0"),
        new("order_refresh_time", "How often do you want to cancel and replace bids and asks (in seconds)?", "30"),
        new("inventory_target_base_pct", "What is the inventory target for the base asset (%)?", "50"),
        new("sigma_convention", "Volatility in the reservation price: paper_exact (σ², the paper) or hummingbot (σ)", "paper_exact"),
    ];

    /// <summary>Whether this question is asked given the answers so far.</summary>
    public static bool IsAsked(Question question, IReadOnlyDictionary<string, string> answers) =>
        question.AskedWhen?.Invoke(answers) ?? true;

    /// <summary>What is wrong with <paramref name="answer"/> to <paramref name="question"/>, or null when it is good.</summary>
    public static string? Problem(Question question, string answer, IReadOnlyDictionary<string, string> answers)
    {
        var trial = new Dictionary<string, string>(answers, StringComparer.Ordinal) { [question.Key] = answer };
        // Keys not answered yet stand at a good value, so only this answer (and what it must agree with) is judged.
        trial.TryAdd("market", "BTC-USD");
        trial.TryAdd("order_amount", "1");
        if (question.Key == "execution_timeframe_start" && !trial.ContainsKey("execution_timeframe_end"))
        {
            return null; // checked with the end, which must follow it
        }

        try
        {
            AvellanedaConfigFile.Parse(Yaml(trial), "create");
            return null;
        }
        catch (ConfigException e) when (e.Parameter == question.Key || (question.Key == "execution_timeframe_end" && e.Parameter == "execution_timeframe_start"))
        {
            return e.Message;
        }
    }

    /// <summary>The config file's text: the strategy's name, then the answers in the order asked.</summary>
    public static string Yaml(IReadOnlyDictionary<string, string> answers)
    {
        var text = new StringBuilder();
        text.Append("strategy: ").Append(AvellanedaConfigFile.StrategyName).Append('\n');
        foreach (var (key, value) in answers)
        {
            text.Append(key).Append(": ").Append(Quoted(value)).Append('\n');
        }

        return text.ToString();
    }

    // Dates and times carry ':' and spaces: quoted, so YAML reads them as the text given.
    private static string Quoted(string value) =>
        value.Contains(':', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : value;
}
