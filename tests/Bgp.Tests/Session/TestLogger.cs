using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>Collects log lines so a failing test can print what the speaker did.</summary>
internal sealed class TestLogger(string name) : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {name} {logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");

    public void Dump()
    {
        foreach (var line in _lines)
        {
            TestContext.Out.WriteLine(line);
        }
    }
}
