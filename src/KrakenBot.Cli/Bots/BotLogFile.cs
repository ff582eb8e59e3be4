using System.Globalization;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Cli.Bots;

/// <summary>
/// The log of a headless bot: one line per entry (UTC time, level, category, message, exception), appended to
/// <c>bot.log</c> and flushed per line so that a killed process leaves every line it wrote. Messages come from the
/// connector and the strategy host, which never log secrets.
/// </summary>
internal sealed class BotLogFile : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public BotLogFile(string path, TimeProvider time)
    {
        _time = time;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    private void Write(string category, LogLevel level, string message, Exception? error)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{_time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {Short(level)} {category}: {message}{(error is null ? "" : " | " + error.GetType().Name + ": " + error.Message)}");
        lock (_gate) _writer.WriteLine(line);
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }

    private sealed class FileLogger(BotLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) file.Write(category, logLevel, formatter(state, exception), exception);
        }
    }
}
