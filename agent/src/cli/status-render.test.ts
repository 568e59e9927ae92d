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
