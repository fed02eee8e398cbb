#!/usr/bin/env python3
"""Split a pcap of BGP sessions into tests/Vectors/*.hex files.

usage: split_bgp.py PCAP OUTDIR

The TCP byte stream of each direction is reassembled from tshark's per-segment payloads
(by sequence number, so retransmissions and segments carrying several messages or parts of
one are handled), then cut into BGP messages by the header's length field. Each message gets
a one-line description built from tshark -V, matched to the message by order within its
direction (tshark's own reassembly), and checked against the message's length and type.

Output, one file per session kind (see SESSIONS), lines in pairs:
    # <n> <frr->gobgp|gobgp->frr> <TYPE> <description>
    <lowercase hex of the whole message, header included>
"""
import subprocess
import sys
from collections import defaultdict

FRR = {"10.0.0.1", "10.0.1.1", "10.0.2.1", "fd00::1"}
# FRR-side address -> output file
SESSIONS = {
    "10.0.0.1": "frr-gobgp-ipv4",
    "fd00::1": "frr-gobgp-ipv6",
    "10.0.1.1": "bad-peer-as-from-frr",
    "10.0.2.1": "bad-peer-as-from-gobgp",
}
TYPES = {1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH"}


def tshark(*args):
    return subprocess.run(["tshark", *args], check=True, capture_output=True, text=True).stdout


def streams(pcap):
    """(stream, src) -> bytes of that direction, in order; plus stream -> (a, b) endpoints."""
    out = tshark("-r", pcap, "-o", "tcp.desegment_tcp_streams:FALSE", "-Y", "tcp.len>0",
                 "-T", "fields", "-E", "separator=\t",
                 "-e", "tcp.stream", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.seq",
                 "-e", "tcp.payload")
    segs = defaultdict(dict)
    for line in out.splitlines():
        stream, src4, src6, seq, payload = line.split("\t")
        src = src4 or src6
        segs[(int(stream), src)].setdefault(int(seq), bytes.fromhex(payload.replace(":", "")))
    data = {}
    for key, parts in segs.items():
        buf = bytearray()
        for seq in sorted(parts):
            chunk = parts[seq]
            start = seq - 1  # relative sequence numbers start at 1 after the SYN
            if start > len(buf):
                raise SystemExit(f"gap in {key} at {start} (have {len(buf)})")
            buf[start:start + len(chunk)] = chunk
        data[key] = bytes(buf)
    return data


def messages(buf):
    msgs, off = [], 0
    while off + 19 <= len(buf):
        assert buf[off:off + 16] == b"\xff" * 16, f"no marker at {off}"
        length = int.from_bytes(buf[off + 16:off + 18], "big")
        if off + length > len(buf):
            break  # capture ended inside a message
        msgs.append(buf[off:off + length])
        off += length
    return msgs


def parse_tree(lines):
    """tshark -V indents by 4 spaces per level; build (text, children) nodes."""
    root = ("", [])
    stack = [(-1, root)]
    for line in lines:
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 4
        node = (line.strip(), [])
        while stack[-1][0] >= depth:
            stack.pop()
        stack[-1][1][1].append(node)
        stack.append((depth, node))
    return root[1]


def val(node, key):
    for text, kids in node[1]:
        if text.startswith(key + ":"):
            return text[len(key) + 1:].strip()
    return None


def describe_nlri(node):
    kind = node[0].split(":", 1)[1].strip()
    parts = [kind]
    for text, _ in node[1]:
        for key, short in (("Route Distinguisher", "rd"), ("ESI", "esi"), ("Ethernet Tag ID", "etag"),
                           ("MAC Address", "mac"), ("IPv4 address", "ip"), ("IPv6 address", "ip"),
                           ("Originating Router's IP Address", "orig"), ("IP prefix length", "plen"),
                           ("IPv4 Prefix", "prefix"), ("IPv6 Prefix", "prefix"),
                           ("IPv4 Gateway address", "gw"), ("IPv6 Gateway address", "gw"), ("VNI", "vni"),
                           ("MPLS Label 1", "label1"), ("MPLS Label 2", "label2"), ("MPLS Label Stack", "labels")):
            if text.startswith(key + ":"):
                v = text[len(key) + 1:].strip()
                if short == "rd" and "(" in v:
                    v = v[v.index("(") + 1:v.rindex(")")]
                if short == "mac" and " (" in v:
                    v = v[:v.index(" (")]
                parts.append(f"{short}={v}")
        if " = MPLS Label 1:" in text or " = MPLS Label 2:" in text:
            n = text.split("= ", 1)[1]
            parts.append(n.replace("MPLS Label ", "mpls-label").replace(": ", "="))
    return " ".join(parts)


def describe(section):
    title, kids = section
    mtype = title.split(" - ", 1)[1].replace(" Message", "")
    if mtype == "OPEN":
        caps = []
        for node in kids:
            if node[0] == "Optional Parameters":
                for p in node[1]:
                    for c in p[1]:
                        if c[0].startswith("Capability:"):
                            name = c[0].split(":", 1)[1].strip()
                            afi, safi = val(c, "AFI"), val(c, "SAFI")
                            if afi and safi and "Multiprotocol" in name:
                                name = f"MP {afi.split(' (')[0]}/{safi.split(' (')[0]}"
                            caps.append(name.replace(" capability", ""))
        return mtype, (f"AS {val(section, 'My AS')} hold {val(section, 'Hold Time')} "
                       f"id {val(section, 'BGP Identifier')} caps: {', '.join(caps)}")
    if mtype == "NOTIFICATION":
        major = val(section, "Major error Code") or ""
        minor = next((t.split(":", 1)[1].strip() for t, _ in kids if t.startswith("Minor error Code")), "")
        return mtype, f"{major} / {minor}"
    if mtype != "UPDATE":
        return mtype, ""
    desc = []
    wl = val(section, "Withdrawn Routes Length")
    if wl and wl != "0":
        desc.append(f"withdrawn-len={wl}")
    for node in kids:
        if node[0] != "Path attributes":
            continue
        for attr in node[1]:
            name = attr[0].replace("Path Attribute - ", "")
            base = name.split(":")[0]
            if base in ("MP_REACH_NLRI", "MP_UNREACH_NLRI"):
                nh = val(attr, "Next hop")
                nlris = []
                for c in attr[1]:
                    if c[0].startswith("Network Layer Reachability Information") or c[0].startswith("Withdrawn Routes"):
                        nlris += [describe_nlri(n) for n in c[1] if n[0].startswith("EVPN NLRI")]
                    if c[0].startswith("EVPN NLRI"):
                        nlris.append(describe_nlri(c))
                head = base + (f" nh={nh}" if nh else "")
                desc.append(head + (" [" + "; ".join(nlris) + "]" if nlris else " (empty: End-of-RIB)"))
            elif base == "EXTENDED_COMMUNITIES":
                comms = []
                for c in attr[1]:
                    if c[0].startswith("Carried extended communities"):
                        comms += [k[0].split(" [")[0] for k in c[1]]
                desc.append("EXT_COMM [" + ", ".join(comms) + "]")
            elif base == "PMSI_TUNNEL_ATTRIBUTE":
                fields = [f"{k}={val(attr, k)}" for k in ("Tunnel Type", "VNI", "MPLS Label") if val(attr, k)]
                tid = val(attr, "Tunnel ID")
                if tid:
                    fields.append("id=" + tid.split("-> ")[-1])
                desc.append("PMSI [" + " ".join(fields) + "]")
            else:
                desc.append(name.strip())
    return mtype, "; ".join(desc)


def descriptions(pcap):
    """(stream, src) -> list of (length, type, description) in order, from tshark -V."""
    text = tshark("-r", pcap, "-V", "-Y", "bgp")
    result = defaultdict(list)
    for frame in text.split("\nFrame ")[0:]:
        lines = frame.splitlines()
        stream = src = None
        for line in lines:
            s = line.strip()
            if s.startswith("[Stream index:"):
                stream = int(s.split(":")[1].strip(" ]"))
            elif line.startswith("Internet Protocol Version") and "Src:" in line:
                src = line.split("Src: ")[1].split(",")[0].strip()
        tree = parse_tree(lines)
        for node in tree:
            if node[0].startswith("Border Gateway Protocol - "):
                length = int(val(node, "Length") or 0)
                mtype, desc = describe(node)
                result[(stream, src)].append((length, mtype, desc))
    return result


def main():
    pcap, outdir = sys.argv[1], sys.argv[2]
    data = streams(pcap)
    descs = descriptions(pcap)
    files = defaultdict(list)
    # The two directions interleave in time, which the byte streams alone do not say: order
    # messages by the frame in which tshark's own reassembly completed them.
    order = tshark("-r", pcap, "-Y", "bgp", "-T", "fields", "-E", "separator=\t",
                   "-e", "tcp.stream", "-e", "ip.src", "-e", "ipv6.src", "-e", "bgp.type")
    cursor = defaultdict(int)
    msgs = {k: messages(v) for k, v in data.items()}
    for line in order.splitlines():
        stream, src4, src6, types = line.split("\t")
        key = (int(stream), src4 or src6)
        for _ in types.split(","):
            i = cursor[key]
            cursor[key] += 1
            if i >= len(msgs.get(key, [])):
                continue
            msg = msgs[key][i]
            dl = descs.get(key, [])
            length, mtype, desc = dl[i] if i < len(dl) else (len(msg), TYPES.get(msg[18], "?"), "")
            if length != len(msg) or mtype != TYPES.get(msg[18]):
                raise SystemExit(f"tshark/bytes mismatch in {key} #{i}: {length} {mtype} vs {len(msg)}")
            frr_side = key[1] if key[1] in FRR else None
            direction = "frr->gobgp" if frr_side else "gobgp->frr"
            if not frr_side:
                # the FRR side of this stream is the other endpoint
                frr_side = next(k[1] for k in data if k[0] == key[0] and k[1] in FRR) \
                    if any(k[0] == key[0] and k[1] in FRR for k in data) else None
                if frr_side is None:
                    frr_side = {"10.0.0.2": "10.0.0.1", "10.0.1.2": "10.0.1.1", "10.0.2.2": "10.0.2.1",
                                "fd00::2": "fd00::1"}[key[1]]
            name = SESSIONS[frr_side]
            files[name].append((direction, mtype, f"[tcp-stream {key[0]}] {desc}".strip(), msg))
    for key, lst in msgs.items():
        if cursor[key] < len(lst):
            raise SystemExit(f"{key}: {len(lst) - cursor[key]} messages not seen by tshark")
    for name, entries in files.items():
        with open(f"{outdir}/{name}.hex", "w") as f:
            for n, (direction, mtype, desc, msg) in enumerate(entries, 1):
                f.write(f"# {n} {direction} {mtype} {desc}\n{msg.hex()}\n")
        print(f"{name}.hex: {len(entries)} messages")


if __name__ == "__main__":
    main()
