#!/usr/bin/env python3
"""Records real rtnetlink datagrams from the kernel for the netlink fuzz target's seed corpus.

Run as root: `sudo tests/Vectors/netlink/capture.py` (dev tool, not run by CI). It creates a
network namespace evn-<pid> with a bridge, a VXLAN device, a veth port, FDB entries and IPv4/IPv6
neighbours, then records, inside it, what evpnd's netlink code receives: the link dump (with
IFLA_EXT_MASK as evpnd asks), the AF_BRIDGE FDB dump, the IPv4 and IPv6 neighbour dumps, the
monitor events of changes made while subscribed, an ACK and NLMSG_ERRORs with extended-ack text.
Writes kernel.hex: one datagram a line as lowercase hex, each after a '# <n> <what>' line.
The namespace is removed at the end, also on failure.
"""
import os
import socket
import struct
import subprocess
import sys

NETLINK_ROUTE = 0
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLM_F_CREATE, NLM_F_EXCL = 0x400, 0x200
RTM_GETLINK, RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH = 18, 28, 29, 30
AF_UNSPEC, AF_INET, AF_BRIDGE, AF_INET6 = 0, 2, 7, 10
SOL_NETLINK, NETLINK_EXT_ACK = 270, 11
IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS = 29, 1 << 3
NDA_DST, NDA_LLADDR = 1, 2
RTNLGRP_LINK, RTNLGRP_NEIGH = 1, 3


def sh(*args):
    subprocess.run(args, check=True)


def attr(kind, data):
    length = 4 + len(data)
    return struct.pack("=HH", length, kind) + data + b"\0" * ((4 - length % 4) % 4)


def message(kind, flags, seq, body):
    return struct.pack("=IHHII", 16 + len(body), kind, flags, seq, 0) + body


def ndmsg(family, ifindex, state=0, flags=0, ntype=0):
    return struct.pack("=BBHiHBB", family, 0, 0, ifindex, state, flags, ntype)


class Recorder:
    def __init__(self):
        self.records = []
        self.seq = 100

    def socket(self, groups=0):
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
        s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        s.bind((0, groups))
        s.settimeout(5)
        return s

    def request(self, what, kind, flags, body):
        """Sends one request and records every datagram up to NLMSG_DONE or the ACK/error."""
        self.seq += 1
        s = self.socket()
        s.send(message(kind, flags, self.seq, body))
        part = 0
        while True:
            datagram = s.recv(1 << 16)
            part += 1
            self.records.append((f"{what} (datagram {part})", datagram))
            types = []
            offset = 0
            while offset + 16 <= len(datagram):
                length, mtype = struct.unpack_from("=IH", datagram, offset)
                types.append(mtype)
                offset += (length + 3) & ~3
            if 2 in types or 3 in types:
                break
        s.close()

    def monitor(self, what, groups, commands):
        """Subscribes, runs the commands, records the events they caused."""
        s = self.socket(groups)
        for command in commands:
            sh(*command)
        s.settimeout(0.5)
        n = 0
        try:
            while True:
                datagram = s.recv(1 << 16)
                n += 1
                self.records.append((f"{what} (event {n})", datagram))
        except socket.timeout:
            pass
        s.close()


def inner(output):
    ifindex = socket.if_nametoindex
    r = Recorder()
    r.request("RTM_GETLINK dump, IFLA_EXT_MASK skip stats", RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP,
              struct.pack("=BBHiII", AF_UNSPEC, 0, 0, 0, 0, 0) + attr(IFLA_EXT_MASK, struct.pack("=I", RTEXT_FILTER_SKIP_STATS)))
    r.request("RTM_GETNEIGH AF_BRIDGE dump (FDB)", RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, ndmsg(AF_BRIDGE, 0))
    r.request("RTM_GETNEIGH AF_INET dump", RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, ndmsg(AF_INET, 0))
    r.request("RTM_GETNEIGH AF_INET6 dump", RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, ndmsg(AF_INET6, 0))
    mac = bytes.fromhex("020000000bb9")
    r.request("RTM_NEWNEIGH AF_BRIDGE remote MAC on vxlan100: ACK", RTM_NEWNEIGH,
              NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
              ndmsg(AF_BRIDGE, ifindex("vxlan100"), state=0x80, flags=0x02) + attr(NDA_LLADDR, mac) + attr(NDA_DST, socket.inet_aton("10.255.0.9")))
    r.request("RTM_NEWNEIGH AF_BRIDGE the same again with EXCL: NLMSG_ERROR EEXIST", RTM_NEWNEIGH,
              NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
              ndmsg(AF_BRIDGE, ifindex("vxlan100"), state=0x80, flags=0x02) + attr(NDA_LLADDR, mac) + attr(NDA_DST, socket.inet_aton("10.255.0.9")))
    r.request("RTM_NEWNEIGH AF_BRIDGE without NDA_LLADDR: NLMSG_ERROR with extended ack", RTM_NEWNEIGH,
              NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE, ndmsg(AF_BRIDGE, ifindex("vxlan100"), state=0x80, flags=0x02))
    r.request("RTM_DELNEIGH AF_BRIDGE of a MAC that is not there: NLMSG_ERROR ENOENT", RTM_DELNEIGH,
              NLM_F_REQUEST | NLM_F_ACK, ndmsg(AF_BRIDGE, ifindex("vxlan100"), flags=0x02) + attr(NDA_LLADDR, bytes.fromhex("020000000bba")))
    r.monitor("RTNLGRP_LINK|RTNLGRP_NEIGH monitor", (1 << (RTNLGRP_LINK - 1)) | (1 << (RTNLGRP_NEIGH - 1)), [
        ["ip", "link", "add", "vxlan200", "type", "vxlan", "id", "200", "local", "10.255.0.1", "dstport", "4789", "nolearning"],
        ["ip", "link", "set", "vxlan200", "master", "br100", "up"],
        ["bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "vxlan200", "dst", "10.255.0.3"],
        ["bridge", "fdb", "add", "02:00:00:00:0b:bb", "dev", "vxlan200", "dst", "10.255.0.3", "static"],
        ["bridge", "fdb", "del", "02:00:00:00:0b:bb", "dev", "vxlan200", "dst", "10.255.0.3"],
        ["ip", "neigh", "add", "192.168.100.40", "lladdr", "02:00:00:00:0b:bc", "dev", "br100", "nud", "permanent"],
        ["ip", "neigh", "add", "fd10::40", "lladdr", "02:00:00:00:0b:bc", "dev", "br100", "nud", "permanent"],
        ["ip", "neigh", "del", "192.168.100.40", "dev", "br100"],
        ["ip", "link", "set", "vxlan200", "nomaster"],
        ["ip", "link", "del", "vxlan200"],
    ])
    with open(output, "w") as out:
        for n, (what, datagram) in enumerate(r.records, 1):
            out.write(f"# {n} {what}\n{datagram.hex()}\n")
    print(f"{len(r.records)} datagrams in {output}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "inner":
        inner(sys.argv[2])
        return
    ns = f"evn-{os.getpid()}"
    output = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernel.hex")
    sh("ip", "netns", "add", ns)
    try:
        def ip(*args):
            sh("ip", "-n", ns, *args)
        ip("link", "set", "lo", "up")
        ip("link", "add", "br100", "address", "02:00:00:00:b1:00", "type", "bridge")
        ip("link", "add", "vxlan100", "type", "vxlan", "id", "100", "local", "10.255.0.1", "dstport", "4789", "nolearning")
        ip("link", "add", "veth-h", "type", "veth", "peer", "name", "veth-b")
        ip("link", "set", "vxlan100", "master", "br100")
        ip("link", "set", "veth-b", "master", "br100")
        for dev in ("br100", "vxlan100", "veth-b", "veth-h"):
            ip("link", "set", dev, "up")
        ip("addr", "add", "192.168.100.1/24", "dev", "br100")
        ip("addr", "add", "fd10::1/64", "dev", "br100", "nodad")
        sh("ip", "netns", "exec", ns, "bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "vxlan100", "dst", "10.255.0.2")
        sh("ip", "netns", "exec", ns, "bridge", "fdb", "add", "02:00:00:00:bb:01", "dev", "vxlan100", "dst", "10.255.0.2", "static")
        sh("ip", "netns", "exec", ns, "bridge", "fdb", "add", "02:00:00:00:aa:01", "dev", "veth-b", "master", "static")
        ip("neigh", "add", "192.168.100.30", "lladdr", "02:00:00:00:bb:02", "dev", "br100", "nud", "noarp")
        ip("neigh", "add", "fd10::30", "lladdr", "02:00:00:00:bb:03", "dev", "br100", "nud", "noarp")
        sh("ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__), "inner", output)
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)


if __name__ == "__main__":
    main()
