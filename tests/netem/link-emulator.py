#!/usr/bin/env python3
"""Userspace link emulator for the WardWatch netem tests (this kernel has no `netem`).

Creates two TUN devices (IFF_TUN | IFF_NO_PI) in the namespace it starts in and forwards
raw IPv4 packets between them: each packet is dropped with probability `loss` (per
direction, an independent seeded stream per direction) or delivered after `delay_ms`
(+/- jitter). The caller moves each TUN into its own network namespace; the fds keep
working after the move.

Control, one command per line on stdin (every command is answered with one JSON line
on stdout):
  cut                      drop everything, including packets already in flight
  restore                  forward again
  set delay_ms=40 loss=0.1 jitter_ms=0 seed=7   (seed restarts the random streams)
  stats                    counters per direction
  reset                    zero the counters
  quit
SIGUSR1 = cut, SIGUSR2 = restore. EOF on stdin (the test process died) = exit, so the
emulator never outlives its parent and the TUN devices vanish with it.

Stdlib only.
"""

import argparse
import errno
import fcntl
import heapq
import json
import os
import random
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_PACKET = 65536


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    ifr = struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI)
    fcntl.ioctl(fd, TUNSETIFF, ifr)
    return fd


PROTOCOLS = {1: "icmp", 6: "tcp", 17: "udp"}


def new_counters():
    counters = {"forwarded": 0, "dropped": 0, "cutDropped": 0, "writeErrors": 0, "other": 0}
    for name in PROTOCOLS.values():
        counters[name] = {"forwarded": 0, "dropped": 0}
    return counters


def count(counters, packet, key):
    counters[key] += 1
    proto = PROTOCOLS.get(packet[9]) if len(packet) > 9 else None
    if proto and key in ("forwarded", "dropped"):
        counters[proto][key] += 1


class Link:
    def __init__(self, a_fd, b_fd, delay_ms, jitter_ms, loss, seed):
        self.fds = {"ab": (a_fd, b_fd), "ba": (b_fd, a_fd)}
        self.delay_ms = delay_ms
        self.jitter_ms = jitter_ms
        self.loss = loss
        self.cut = False
        # One stream per direction: the n-th packet of a direction meets the same fate
        # however the two directions interleave.
        self.reseed(seed)
        self.stats = {"ab": new_counters(), "ba": new_counters()}
        self.queue = []
        self.order = 0

    def reseed(self, seed):
        self.rng = {"ab": random.Random(seed * 3 + 1), "ba": random.Random(seed * 3 + 2)}
        self.jitter_rng = random.Random(seed * 3 + 3)

    def receive(self, direction, packet, now):
        counters = self.stats[direction]
        if not packet or packet[0] >> 4 != 4:
            # IPv6 neighbour discovery and the like: not part of the emulated link.
            counters["other"] += 1
            return
        if self.cut:
            counters["cutDropped"] += 1
            return
        if self.loss > 0 and self.rng[direction].random() < self.loss:
            count(counters, packet, "dropped")
            return
        jitter = 0.0
        if self.jitter_ms > 0:
            jitter = self.jitter_rng.uniform(-self.jitter_ms, self.jitter_ms)
        due = now + max(0.0, self.delay_ms + jitter) / 1000.0
        self.order += 1
        heapq.heappush(self.queue, (due, self.order, direction, packet))

    def deliver_due(self, now):
        while self.queue and self.queue[0][0] <= now:
            _, _, direction, packet = heapq.heappop(self.queue)
            counters = self.stats[direction]
            try:
                os.write(self.fds[direction][1], packet)
                count(counters, packet, "forwarded")
            except OSError:
                # The receiving TUN is down (a link-down test): the packet is lost.
                counters["writeErrors"] += 1

    def set_cut(self, cut):
        self.cut = cut
        if cut:
            for _, _, direction, _ in self.queue:
                self.stats[direction]["cutDropped"] += 1
            self.queue = []

    def next_timeout(self, now):
        if not self.queue:
            return None
        return max(0.0, self.queue[0][0] - now)


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def command(link, line):
    words = line.split()
    if not words:
        return True
    name = words[0]
    if name == "cut":
        link.set_cut(True)
        reply({"ok": True, "cut": True})
    elif name == "restore":
        link.set_cut(False)
        reply({"ok": True, "cut": False})
    elif name == "set":
        for word in words[1:]:
            key, _, value = word.partition("=")
            if key == "delay_ms":
                link.delay_ms = float(value)
            elif key == "jitter_ms":
                link.jitter_ms = float(value)
            elif key == "loss":
                link.loss = float(value)
            elif key == "seed":
                link.reseed(int(value))
            else:
                reply({"ok": False, "error": "unknown setting " + key})
                return True
        reply({"ok": True, "delayMs": link.delay_ms, "jitterMs": link.jitter_ms, "loss": link.loss})
    elif name == "stats":
        reply({"ok": True, "cut": link.cut, "queued": len(link.queue), **link.stats})
    elif name == "reset":
        link.stats = {"ab": new_counters(), "ba": new_counters()}
        reply({"ok": True})
    elif name == "quit":
        reply({"ok": True})
        return False
    else:
        reply({"ok": False, "error": "unknown command " + name})
    return True


def read_all(fd):
    packets = []
    while True:
        try:
            packets.append(os.read(fd, MAX_PACKET))
        except BlockingIOError:
            return packets
        except OSError as err:
            # EIO while the device is down; nothing to read.
            if err.errno in (errno.EIO, errno.EAGAIN):
                return packets
            raise


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a-tun", required=True)
    parser.add_argument("--b-tun", required=True)
    parser.add_argument("--delay-ms", type=float, default=0.0, help="one way")
    parser.add_argument("--jitter-ms", type=float, default=0.0)
    parser.add_argument("--loss", type=float, default=0.0, help="per direction, 0-1")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    a_fd = open_tun(args.a_tun)
    b_fd = open_tun(args.b_tun)
    link = Link(a_fd, b_fd, args.delay_ms, args.jitter_ms, args.loss, args.seed)

    signal.signal(signal.SIGUSR1, lambda *_: link.set_cut(True))
    signal.signal(signal.SIGUSR2, lambda *_: link.set_cut(False))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    stdin_fd = sys.stdin.fileno()
    os.set_blocking(stdin_fd, False)
    pending = b""
    reply({"ready": True, "pid": os.getpid()})

    while True:
        timeout = link.next_timeout(time.monotonic())
        try:
            readable, _, _ = select.select([a_fd, b_fd, stdin_fd], [], [], timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        if a_fd in readable:
            for packet in read_all(a_fd):
                link.receive("ab", packet, now)
        if b_fd in readable:
            for packet in read_all(b_fd):
                link.receive("ba", packet, now)
        if stdin_fd in readable:
            try:
                chunk = os.read(stdin_fd, 4096)
            except BlockingIOError:
                chunk = None
            if chunk == b"":
                return
            if chunk:
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    if not command(link, line.decode()):
                        return
        link.deliver_due(time.monotonic())


if __name__ == "__main__":
    main()
