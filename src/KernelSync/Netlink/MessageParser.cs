namespace Evpnd.KernelSync.Netlink;

/// <summary>Turns one dump reply into a record, or returns false to leave it out.</summary>
internal delegate bool MessageParser<T>(in NetlinkMessage message, out T record);
