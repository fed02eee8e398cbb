using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Control;

/// <summary>
/// The daemon's minimum log level, changeable while it runs (`evpnd log-level debug`). The
/// logging filter asks it on every IsEnabled check, which is one volatile read: cheaper than
/// rebuilding LoggerFilterOptions through IOptionsMonitor, and it reaches loggers already made.
/// </summary>
internal sealed class LogLevelSwitch(LogLevel initial)
{
    private volatile int _minimum = (int)initial;

    public LogLevel Minimum
    {
        get => (LogLevel)_minimum;
        set => _minimum = (int)value;
    }

    public bool IsEnabled(LogLevel level) => level != LogLevel.None && (int)level >= _minimum;
}
