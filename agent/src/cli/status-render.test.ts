import { describe, expect, it } from 'vitest';
import type { AgentState } from '../state.js';
import { formatTime, renderStatus } from './status-render.js';

const NOW = Date.UTC(2026, 0, 5, 3, 0, 0); // 10:00:00 in Hanoi
const state: AgentState = {
  pid: 1,
  running: true,
  startedAt: NOW - 60_000,
  updatedAt: NOW - 1000,
  agentVersion: '0.1.0',
  stationId: 'st_1',
  wardId: 'tran-phu',
  hostname: 'pc-tranphu',
  server: 'wss://ww.example',
  connection: {
    state: 'offline',
    lastContactAt: NOW - 120_000,
    onlineSince: null,
    lastError: null,
  },
  outbox: {
    batches: 12,
    bytes: 4096,
    lastSeq: 40,
    ackedSeq: 28,
    appendedRecords: 80,
    droppedBatches: 0,
  },
  recordsAppended: 80,
  targets: [
    { id: 'csdlqg', name: 'CSDLQG', probe: 'icmp', host: '127.0.0.1', intervalMs: 10_000 },
    { id: 'dvc', name: 'Cổng DVC', probe: 'tcp', host: '127.0.0.1', port: 443, intervalMs: 10_000 },
    { id: 'vneid', name: 'VNeID', probe: 'tcp', host: '127.0.0.1', port: 443, intervalMs: 10_000 },
  ],
  lastResults: {
    csdlqg: {
      kind: 'probe',
      at: NOW - 5000,
      target: 'csdlqg',
      probe: 'icmp',
      ok: true,
      rttMs: { min: 20, avg: 25.25, max: 30, mdev: 2 },
      lossPct: 0,
    },
    dvc: {
      kind: 'probe',
      at: NOW - 5000,
      target: 'dvc',
      probe: 'tcp',
      ok: false,
      error: 'timeout',
    },
  },
  lastSys: null,
};

const full: AgentState = {
  ...state,
  targets: [
    ...state.targets,
    {
      id: 'hotich',
      name: 'Hộ tịch',
      probe: 'session',
      host: '127.0.0.1',
      port: 443,
      intervalMs: 10_000,
    },
  ],
  lastResults: {
    ...state.lastResults,
    hotich: {
      kind: 'probe',
      at: NOW - 3000,
      target: 'hotich',
      probe: 'session',
      ok: true,
      rttMs: { min: 4, avg: 4, max: 4, mdev: 0 },
    },
  },
  sessionDrops: { day: '2026-01-05', server: 2, service: { hotich: 3 } },
  requiredPeripherals: ['fingerprint', 'scanner', 'card_reader'],
  peripherals: {
    at: NOW - 30_000,
    devices: [
      {
        vid: '1162',
        pid: '2200',
        vendor: 'SecuGen',
        product: 'Hamster Pro 20',
        category: 'fingerprint',
      },
      { vid: '072f', pid: 'b100', vendor: 'ACS', product: 'ACR39U', category: 'card_reader' },
      { vid: '0781', pid: '5567', vendor: '', product: 'Cruzer', category: 'other' },
    ],
  },
  iface: {
    kind: 'iface',
    at: NOW - 5000,
    gateway: '10.20.0.1',
    interfaces: [
      { name: 'eth0', up: true, addrs: ['10.20.0.57'], isTunnel: false },
      { name: 'tun0', up: true, addrs: ['10.8.0.2'], isTunnel: true },
    ],
  },
  clockJumps: 1,
};

describe('renderStatus: sessions, peripherals, network', () => {
  it('Vietnamese', () => {
    const text = renderStatus(full, 'vi', NOW, '/data');
    expect(text).toContain('Phiên kết nối bị rớt hôm nay: máy chủ 2, dịch vụ 3');
    expect(text).toMatch(/Hộ tịch\s+session\s+tốt\s+4\.0 ms\s+—\s+09:59:57 05\/01\/2026\s+3/);
    expect(text).toContain('Thiết bị ngoại vi bắt buộc (quét lúc 09:59:30 05/01/2026):');
    expect(text).toMatch(/Đầu đọc vân tay\s+có\s+SecuGen Hamster Pro 20/);
    expect(text).toMatch(/Máy quét tài liệu\s+KHÔNG CÓ/);
    expect(text).toMatch(/Đầu đọc thẻ CCCD\s+có\s+ACS ACR39U/);
    expect(text).toContain('Mạng: cổng mặc định 10.20.0.1; VPN: có (tun0)');
    expect(text).toContain('Đồng hồ máy bị chỉnh 1 lần');
  });

  it("English; yesterday's drops do not count today; no scan yet", () => {
    const text = renderStatus(
      {
        ...full,
        sessionDrops: { day: '2026-01-04', server: 9, service: { hotich: 9 } },
        peripherals: null,
      },
      'en',
      NOW,
      '/data',
    );
    expect(text).toContain('Session drops today: server 0, services 0');
    expect(text).toMatch(/Fingerprint reader\s+not scanned yet/);
    expect(text).toContain('Network: default gateway 10.20.0.1; VPN: up (tun0)');
  });
});

describe('renderStatus: the required peripherals', () => {
  it("shows the server's requirement: a category required 0 times is not listed", () => {
    const text = renderStatus(
      {
        ...full,
        requiredPeripherals: ['fingerprint', 'card_reader'],
        requiredCounts: { fingerprint: 2, card_reader: 1 },
        requiredSource: 'server',
      },
      'vi',
      NOW,
      '/data',
    );
    expect(text).toContain(
      'Thiết bị ngoại vi bắt buộc (theo yêu cầu của máy chủ; quét lúc 09:59:30 05/01/2026):',
    );
    expect(text).not.toContain('Máy quét tài liệu');
    expect(text).toMatch(/Đầu đọc vân tay\s+THIẾU \(1\/2\)\s+SecuGen Hamster Pro 20/);
    expect(text).toMatch(/Đầu đọc thẻ CCCD\s+có\s+ACS ACR39U/);
  });

  it('says so when nothing is required, and names the local config as the source', () => {
    const none = { ...full, requiredPeripherals: [], requiredSource: 'server' as const };
    expect(renderStatus(none, 'en', NOW, '/data')).toMatch(
      /Required peripherals \(the server's requirement; scanned [^)]*\):\n {2}none required\n/,
    );
    const local = { ...full, requiredSource: 'local' as const };
    const text = renderStatus(local, 'en', NOW, '/data');
    expect(text).toContain('Required peripherals (local config; scanned 09:59:30 05/01/2026):');
    expect(text).toMatch(/Document scanner\s+MISSING/);
  });
});

describe('renderStatus', () => {
  it('Vietnamese by default wording, with diacritics', () => {
    const text = renderStatus(state, 'vi', NOW, '/data');
    expect(text).toContain('Trạng thái tác nhân WardWatch');
    expect(text).toContain('Kết nối máy chủ: mất kết nối');
    expect(text).toContain('Liên lạc cuối với máy chủ: 09:58:00 05/01/2026 (2 phút trước)');
    expect(text).toContain('Dữ liệu chờ gửi: 12 lô (4.0 KB)');
    expect(text).toMatch(/CSDLQG\s+icmp\s+tốt\s+25\.3 ms\s+0%/);
    expect(text).toMatch(/Cổng DVC\s+tcp\s+LỖI \(timeout\)/);
    expect(text).toMatch(/VNeID\s+tcp\s+chưa đo/);
  });

  it('English on request', () => {
    const text = renderStatus(state, 'en', NOW, '/data');
    expect(text).toContain('Server connection: disconnected');
    expect(text).toContain('2 min ago');
    expect(text).toMatch(/Cổng DVC\s+tcp\s+DOWN \(timeout\)/);
  });

  it('a stale state file means the agent is not running', () => {
    const text = renderStatus({ ...state, updatedAt: NOW - 3_600_000 }, 'vi', NOW, '/data');
    expect(text).toContain('Tác nhân: không chạy (cập nhật lần cuối lúc 09:00:00 05/01/2026)');
  });

  it('no state yet', () => {
    expect(renderStatus(null, 'vi', NOW, '/data')).toContain('tác nhân chưa chạy lần nào');
  });

  it('formats in Vietnam time', () => {
    expect(formatTime(Date.UTC(2026, 11, 31, 17, 30, 5))).toBe('00:30:05 01/01/2027');
  });
});
