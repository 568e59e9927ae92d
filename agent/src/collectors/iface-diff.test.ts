import { describe, expect, it } from 'vitest';
import {
  diffIfaces,
  operstateUp,
  parseProcNetRoute,
  parseRoutePrint,
  shouldSendIface,
  snapshotInterfaces,
  tunnelMatcher,
  type Iface,
} from './iface-diff.js';

// Recorded on the build machine (cat /proc/net/route), plus a second default route.
const PROC_ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
`;

// `route print -4 0.0.0.0` on Windows (Vietnamese UI: the headings change, the table does not).
const ROUTE_PRINT = `===========================================================================
Danh sách Giao diện
 12...00 1a 2b 3c 4d 5e ......Intel(R) Ethernet Connection
===========================================================================

Bảng Định tuyến IPv4
===========================================================================
Tuyến đường Hoạt động:
Đích Mạng        Mặt nạ Mạng       Cổng         Giao diện  Số liệu
          0.0.0.0          0.0.0.0       10.20.0.1      10.20.0.57     25
          0.0.0.0          0.0.0.0      172.16.0.1     172.16.0.9     35
===========================================================================
`;

describe('gateway parsing', () => {
  it('Linux: lowest-metric default route, little-endian hex', () => {
    expect(parseProcNetRoute(PROC_ROUTE)).toBe('192.0.2.1');
    expect(parseProcNetRoute(PROC_ROUTE.replace('\t100\t', '\t900\t'))).toBe('192.168.1.1');
    expect(parseProcNetRoute(PROC_ROUTE.split('\n').slice(0, 1).join('\n'))).toBeUndefined();
  });
  it('Windows route print', () => {
    expect(parseRoutePrint(ROUTE_PRINT)).toBe('10.20.0.1');
    expect(parseRoutePrint('no routes')).toBeUndefined();
  });
});

describe('interfaces', () => {
  const addrs = {
    lo: [{ address: '127.0.0.1', internal: true }],
    eth0: [{ address: '10.20.0.57', internal: false }],
    tun0: [{ address: '10.8.0.2', internal: false }],
  };

  it('snapshot: loopback dropped, states merged, tunnel flagged, down links kept', () => {
    const snap = snapshotInterfaces(addrs, { eth0: true, wlan0: false }, tunnelMatcher(undefined));
    expect(snap).toEqual([
      { name: 'eth0', up: true, addrs: ['10.20.0.57'], isTunnel: false },
      { name: 'tun0', up: true, addrs: ['10.8.0.2'], isTunnel: true },
      { name: 'wlan0', up: false, addrs: [], isTunnel: false },
    ]);
  });

  it.each([
    [undefined, 'wg0', true],
    [undefined, 'FortiClient VPN', true],
    [undefined, 'Ethernet', false],
    ['VPN-CA', 'vpn-ca', true],
    ['VPN-CA', 'tun0', false],
    ['/^ppp\\d+$/', 'ppp0', true],
  ])('tunnelMatcher(%s)(%s) = %s', (spec, name, expected) => {
    expect(tunnelMatcher(spec)(name)).toBe(expected);
  });

  it.each([
    ['up\n', true],
    ['unknown\n', true],
    ['down\n', false],
    ['lowerlayerdown', false],
  ])('operstate %j', (s, up) => expect(operstateUp(s)).toBe(up));
});

describe('diffIfaces', () => {
  const eth: Iface = { name: 'eth0', up: true, addrs: ['10.0.0.2'], isTunnel: false };
  const tun: Iface = { name: 'tun0', up: true, addrs: ['10.8.0.2'], isTunnel: true };
  const base = { interfaces: [eth, tun], gateway: '10.0.0.1' };

  it('first snapshot is a change; identical is none', () => {
    expect(diffIfaces(null, base)).not.toBeNull();
    expect(
      diffIfaces(base, { ...base, interfaces: [{ ...eth, addrs: ['10.0.0.2'] }, tun] }),
    ).toBeNull();
  });

  it('tunnel gone, link down, address and gateway change', () => {
    expect(diffIfaces(base, { interfaces: [eth], gateway: '10.0.0.1' })).toMatchObject({
      removed: ['tun0'],
      tunnelChanged: true,
    });
    expect(
      diffIfaces(base, { interfaces: [{ ...eth, up: false }, tun], gateway: undefined }),
    ).toMatchObject({ wentDown: ['eth0'], gatewayChanged: true, tunnelChanged: false });
    expect(
      diffIfaces(base, { ...base, interfaces: [{ ...eth, addrs: ['10.0.0.3'] }, tun] }),
    ).toMatchObject({
      addrsChanged: ['eth0'],
    });
  });

  it('sends on change, else every fullEveryMs', () => {
    expect(shouldSendIface(false, null, 0, 300_000)).toBe(true);
    expect(shouldSendIface(false, 0, 299_999, 300_000)).toBe(false);
    expect(shouldSendIface(true, 0, 5000, 300_000)).toBe(true);
    expect(shouldSendIface(false, 0, 300_000, 300_000)).toBe(true);
  });
});
