namespace Evpnd.Daemon.Control;

/// <summary>What one control-socket client may do.</summary>
internal enum ControlRight
{
    None,
    ShowOnly,
    All,
}
