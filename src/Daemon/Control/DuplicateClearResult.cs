namespace Evpnd.Daemon.Control;

/// <summary>Result of "clear evpn duplicate": how many marks were cleared (0 or 1) and the MAC as it is now.</summary>
internal sealed record DuplicateClearResult(uint Vni, string Mac, int Cleared, IReadOnlyList<MacView> Macs);
