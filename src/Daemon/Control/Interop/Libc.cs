using System.Runtime.InteropServices;

namespace Evpnd.Daemon.Control.Interop;

/// <summary>
/// The C library's user and group database (getpwuid_r(3), getgrnam_r(3), getgrouplist(3)),
/// chown(2), statx(2). Through NSS, so that users and groups from LDAP, sssd or systemd-userdb
/// count as they do for `id`. Struct layouts are glibc's on 64-bit Linux.
/// </summary>
// The structs keep glibc's lower-case names (pwd.h, grp.h), as the rest of Interop/ keeps the kernel's.
#pragma warning disable CS8981
internal static partial class Libc
{
    public const int ERANGE = 34;
    public const int AT_FDCWD = -100;
    public const uint STATX_UID = 0x8;
    public const uint STATX_GID = 0x10;

    // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; char *pw_gecos; char *pw_dir; char *pw_shell; }
    [StructLayout(LayoutKind.Sequential)]
    public struct passwd
    {
        public nint pw_name;
        public nint pw_passwd;
        public uint pw_uid;
        public uint pw_gid;
        public nint pw_gecos;
        public nint pw_dir;
        public nint pw_shell;
    }

    // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }
    [StructLayout(LayoutKind.Sequential)]
    public struct group
    {
        public nint gr_name;
        public nint gr_passwd;
        public uint gr_gid;
        public nint gr_mem;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int getpwuid_r(uint uid, passwd* pwd, byte* buf, nuint buflen, passwd** result);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial int getgrnam_r(string name, group* grp, byte* buf, nuint buflen, group** result);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int getgrgid_r(uint gid, group* grp, byte* buf, nuint buflen, group** result);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int getgrouplist(string user, uint group, uint* groups, int* ngroups);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int chown(string path, uint owner, uint group);

    /// <summary>statx(2); the buffer is struct statx (256 bytes): stx_uid at 20, stx_gid at 24, whatever the architecture.</summary>
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial int statx(int dirfd, string path, int flags, uint mask, byte* statxbuf);
}
#pragma warning restore CS8981
