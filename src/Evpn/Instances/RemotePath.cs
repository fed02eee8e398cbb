namespace Evpnd.Evpn.Instances;

/// <summary>
/// One remote route in 12 bytes: indexes of its NLRI template, its attributes and its source in the
/// engine's intern tables. The MAC is the key of the table that holds it; the IP, when there is one,
/// sits beside it in <see cref="RemoteRoute"/>. Equal paths are the same route content.
/// </summary>
internal readonly record struct RemotePath(int Template, int Attributes, int Source);
