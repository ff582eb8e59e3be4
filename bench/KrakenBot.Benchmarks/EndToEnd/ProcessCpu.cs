using System.Globalization;
using System.Runtime.InteropServices;

namespace KrakenBot.Benchmarks.EndToEnd;

/// <summary>CPU time and context switches of another process, read from <c>/proc</c> (Linux).</summary>
internal readonly record struct ProcessCpu(double CpuSeconds, long ContextSwitches)
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK

    private static readonly long TicksPerSecond = ReadTicksPerSecond();

    /// <summary>
    /// utime + stime of the whole process (<c>/proc/PID/stat</c> fields 14 and 15, every thread, live or gone), and the
    /// voluntary + involuntary context switches of its live threads (<c>/proc/PID/task/*/status</c>).
    /// </summary>
    public static ProcessCpu Read(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces: count fields from the closing parenthesis.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long switches = 0;
        foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (string line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                        || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        switches += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }
        return new ProcessCpu((double)ticks / TicksPerSecond, switches);
    }

    public static ProcessCpu operator -(ProcessCpu after, ProcessCpu before) =>
        new(after.CpuSeconds - before.CpuSeconds, after.ContextSwitches - before.ContextSwitches);

    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static long ReadTicksPerSecond()
    {
        long ticks = sysconf(ClockTicksName);
        return ticks > 0 ? ticks : 100;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long sysconf(int name);
}
