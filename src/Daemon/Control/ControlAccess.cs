using Evpnd.Daemon.Config;

namespace Evpnd.Daemon.Control;

/// <summary>
/// Who may use the control socket. The file's mode keeps out whom the kernel can keep out:
/// 0600 with no group configured (root and evpnd's own user), 0660 with control-socket-group.
/// A read-only group cannot be a second owner of one file, so with control-socket-readonly-group
/// the socket is 0666 and the peer's credentials (SO_PEERCRED, unix(7)), checked on every
/// connection whatever the mode, are the guard.
/// </summary>
internal sealed record ControlAccess(UnixGroup? Group, UnixGroup? ReadOnlyGroup, uint OwnerUid)
{
    public static ControlAccess OwnerOnly { get; } = new(null, null, UnixAccounts.EffectiveUid);

    public UnixFileMode SocketMode => ReadOnlyGroup is not null
        ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite
        : Group is not null
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            : UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public ControlRight RightOf(uint uid, uint gid)
    {
        if (uid == 0 || uid == OwnerUid || (Group is { } g && UnixAccounts.IsMember(uid, gid, g.Gid)))
        {
            return ControlRight.All;
        }
        return ReadOnlyGroup is { } r && UnixAccounts.IsMember(uid, gid, r.Gid) ? ControlRight.ShowOnly : ControlRight.None;
    }

    /// <summary>`show ...` commands change nothing; everything else does.</summary>
    public static bool IsReadOnly(string command) => command.StartsWith("show ", StringComparison.Ordinal);

    /// <summary>The one sentence a user without any right gets.</summary>
    public string Refusal(string user)
    {
        if (Group is null && ReadOnlyGroup is null)
        {
            return $"permission denied: only root and the user evpnd runs as may use the control socket (no control-socket-group is configured); ask an administrator, or run as root";
        }
        var groups = string.Join(" or ", new[]
        {
            Group is { } g ? $"group {g.Name} (control-socket-group)" : null,
            ReadOnlyGroup is { } r ? $"group {r.Name} (control-socket-readonly-group)" : null,
        }.Where(x => x is not null));
        return $"permission denied: user {user} is not in {groups}; ask an administrator to add you, or run as root";
    }

    /// <summary>The one sentence a member of the read-only group gets for a command that changes something.</summary>
    public string ShowOnlyRefusal(string user, string command) =>
        $"permission denied: user {user} may only run show commands (group {ReadOnlyGroup!.Name}, control-socket-readonly-group), not '{command}'; " +
        (Group is { } g ? $"ask an administrator to add you to group {g.Name} (control-socket-group), or run as root" : "run it as root");
}
