namespace Evpnd.Bench.Kernel;

/// <summary>One line of the kernel-install table.</summary>
internal sealed record KernelRow(string Writer, int Count, WriterResult? Install, FdbCount? Installed, WriterResult? Remove, FdbCount? Removed, string? Note);
