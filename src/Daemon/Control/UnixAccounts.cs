using System.Runtime.InteropServices;
using Evpnd.Daemon.Control.Interop;

namespace Evpnd.Daemon.Control;

/// <summary>
/// Who a uid is and which groups it belongs to, from the system's user and group database.
/// Membership is what getgrouplist(3) says for the user (the groups `id USER` lists: the
/// primary group and every supplementary one, from /etc/group or any other NSS source), so that
/// a user an administrator just added to a group may use the socket without logging in again.
/// </summary>
internal static unsafe class UnixAccounts
{
    /// <summary>The group's id, or null when no group has that name.</summary>
    public static uint? GroupId(string name)
    {
        var size = 1024;
        while (true)
        {
            var buffer = new byte[size];
            Libc.group entry;
            Libc.group* result;
            int error;
            fixed (byte* b = buffer)
            {
                error = Libc.getgrnam_r(name, &entry, b, (nuint)buffer.Length, &result);
            }
            if (error == Libc.ERANGE && size < 1 << 20)
            {
                size *= 4;
                continue;
            }
            return error == 0 && result != null ? entry.gr_gid : null;
        }
    }

    public static string GroupName(uint gid)
    {
        var size = 1024;
        while (true)
        {
            var buffer = new byte[size];
            Libc.group entry;
            Libc.group* result;
            int error;
            fixed (byte* b = buffer)
            {
                error = Libc.getgrgid_r(gid, &entry, b, (nuint)buffer.Length, &result);
                if (error == 0 && result != null)
                {
                    return Marshal.PtrToStringUTF8(entry.gr_name) ?? gid.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            if (error == Libc.ERANGE && size < 1 << 20)
            {
                size *= 4;
                continue;
            }
            return gid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The user's name and primary group, or null for a uid without an entry (e.g. from another container).</summary>
    public static (string Name, uint PrimaryGid)? User(uint uid)
    {
        var size = 1024;
        while (true)
        {
            var buffer = new byte[size];
            Libc.passwd entry;
            Libc.passwd* result;
            int error;
            fixed (byte* b = buffer)
            {
                error = Libc.getpwuid_r(uid, &entry, b, (nuint)buffer.Length, &result);
                if (error == 0 && result != null)
                {
                    return (Marshal.PtrToStringUTF8(entry.pw_name) ?? "", entry.pw_gid);
                }
            }
            if (error == Libc.ERANGE && size < 1 << 20)
            {
                size *= 4;
                continue;
            }
            return null;
        }
    }

    /// <summary>The user's name for messages: the login name, or the uid when it has none.</summary>
    public static string UserName(uint uid) => User(uid)?.Name ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether the peer is in <paramref name="gid"/>: its effective gid at connect time (from
    /// SO_PEERCRED), or a group the user database gives its uid.
    /// </summary>
    public static bool IsMember(uint uid, uint peerGid, uint gid)
    {
        if (peerGid == gid)
        {
            return true;
        }
        if (User(uid) is not { } user)
        {
            return false;
        }
        var count = 64;
        while (true)
        {
            var groups = new uint[count];
            int n = count;
            int found;
            fixed (uint* g = groups)
            {
                found = Libc.getgrouplist(user.Name, user.PrimaryGid, g, &n);
            }
            if (found >= 0)
            {
                return groups.AsSpan(0, n).Contains(gid);
            }
            if (n <= count || count >= 1 << 16)
            {
                return false;
            }
            count = n; // -1: the list did not fit; n says how many there are
        }
    }

    public static uint EffectiveUid => Libc.geteuid();

    /// <summary>The owning group of a file, or null when it cannot be seen (no such file, or a directory on the way is closed).</summary>
    public static uint? FileGroup(string path)
    {
        var buffer = stackalloc byte[256];
        return Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_GID, buffer) == 0 ? *(uint*)(buffer + 24) : null;
    }
}
