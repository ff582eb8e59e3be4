using System.Runtime.InteropServices;
using KrakenBot.Cli;

using var cancel = new CancellationTokenSource();
// Ctrl+C and SIGTERM stop the running command (live views, the sandbox, the shell) cleanly, so state is flushed;
// a second Ctrl+C kills the process.
var stopping = 0;
void Stop(PosixSignalContext context)
{
    if (Interlocked.Exchange(ref stopping, 1) != 0) return;
    context.Cancel = true;
    // Not Cancel(): that would run the whole shutdown inline on the signal thread.
    _ = cancel.CancelAsync();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await CliApp.RunProcessAsync(args, cancel.Token);
