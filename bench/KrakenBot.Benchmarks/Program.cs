using BenchmarkDotNet.Running;

// Every suite in this assembly; pick with --filter (e.g. --filter *MatchingEngine*).
BenchmarkSwitcher.FromAssembly(typeof(KrakenBot.Benchmarks.Socket.SocketFanOutBenchmarks).Assembly).Run(args);
