namespace Evpnd.KernelSync;

/// <summary>
/// From intent <paramref name="Start"/> of a batch on, the intents follow from UPDATEs that arrived at
/// <paramref name="ReceivedAt"/> (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>; 0: from
/// nothing received, e.g. a local MAC or a timer). KernelSync measures receive-to-ACK latency from it.
/// </summary>
public readonly record struct IntentStamp(int Start, long ReceivedAt);
