using System.Runtime.InteropServices;

namespace Evpnd.Daemon.Hosting;

/// <summary>
/// SIGHUP from the first moment of <c>evpnd run</c>: its default action ends the process, and a
/// hangup that arrives while the daemon is still starting (an operator's <c>kill -HUP</c>, a reload
/// racing a start) must not. Until the reloader attaches, a hangup is remembered, and the reload
/// runs once when it does; after it detaches (stopping), a hangup is ignored.
/// </summary>
internal sealed class HangupSignal : IDisposable
{
    private readonly PosixSignalRegistration _registration;
    private readonly Lock _lock = new();
    private Action? _handler;
    private bool _pending;

    public HangupSignal()
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Raise();
        });
    }

    /// <summary>Runs <paramref name="handler"/> on every hangup from now on; true when one arrived before.</summary>
    public bool Attach(Action handler)
    {
        lock (_lock)
        {
            _handler = handler;
            var pending = _pending;
            _pending = false;
            return pending;
        }
    }

    public void Detach()
    {
        lock (_lock)
        {
            _handler = null;
        }
    }

    public void Dispose() => _registration.Dispose();

    private void Raise()
    {
        Action? handler;
        lock (_lock)
        {
            handler = _handler;
            if (handler is null)
            {
                _pending = true;
                return;
            }
        }

        handler();
    }
}
