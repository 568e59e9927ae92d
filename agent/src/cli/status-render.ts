import type { Language } from '../config.js';
import type { PeripheralCategory } from '@wardwatch/shared';
import { vnDay, type AgentState } from '../state.js';

const TZ = 'Asia/Ho_Chi_Minh';

/** `HH:mm:ss dd/MM/yyyy` in Vietnam time. */
export function formatTime(at: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('hour')}:${p('minute')}:${p('second')} ${p('day')}/${p('month')}/${p('year')}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

const TEXT = {
  vi: {
    title: 'Trạng thái tác nhân WardWatch',
    noState: (dir: string) =>
      `Chưa có dữ liệu trạng thái trong ${dir}: tác nhân chưa chạy lần nào (wardwatch-agent run).`,
    station: 'Trạm',
    ward: 'Phường/xã',
    agent: 'Tác nhân',
    running: 'đang chạy',
    notRunning: (t: string) => `không chạy (cập nhật lần cuối lúc ${t})`,
    server: 'Máy chủ',
    connection: 'Kết nối máy chủ',
    states: {
      online: 'đã kết nối',
      offline: 'mất kết nối',
      connecting: 'đang kết nối',
      idle: 'chưa kết nối',
      stopped: 'đã dừng',
    },
    lastContact: 'Liên lạc cuối với máy chủ',
    never: 'chưa bao giờ',
    ago: (s: string) => `${s} trước`,
    lastError: 'Lỗi gần nhất',
    backlog: 'Dữ liệu chờ gửi',
    backlogValue: (n: number, b: string) => `${n} lô (${b})`,
    dropped: (n: number) => `đã bỏ ${n} lô cũ nhất do đầy bộ đệm`,
    targets: 'Kết quả đo theo mục tiêu',
    noTargets: 'chưa có mục tiêu nào (chờ cấu hình từ máy chủ)',
    cols: ['Mục tiêu', 'Kiểu', 'Trạng thái', 'Độ trễ', 'Mất gói', 'Lần đo cuối', 'Rớt hôm nay'],
    ok: 'tốt',
    down: 'LỖI',
    notMeasured: 'chưa đo',
    sys: 'Máy trạm',
    cpu: 'CPU',
    mem: 'Bộ nhớ',
    disk: 'Ổ đĩa',
    units: { s: 'giây', m: 'phút', h: 'giờ', d: 'ngày' },
    drops: 'Phiên kết nối bị rớt hôm nay',
    dropsValue: (server: number, service: number) => `máy chủ ${server}, dịch vụ ${service}`,
    devices: 'Thiết bị ngoại vi bắt buộc',
    sources: { server: 'theo yêu cầu của máy chủ', local: 'theo cấu hình máy trạm' },
    present: 'có',
    missing: 'KHÔNG CÓ',
    short: (found: number, required: number) => `THIẾU (${found}/${required})`,
    noneRequired: 'không có thiết bị nào bắt buộc',
    notScanned: 'chưa quét',
    scannedAt: (t: string) => `quét lúc ${t}`,
    categories: {
      fingerprint: 'Đầu đọc vân tay',
      scanner: 'Máy quét tài liệu',
      card_reader: 'Đầu đọc thẻ CCCD',
      printer: 'Máy in',
      camera: 'Camera',
      other: 'Thiết bị khác',
    },
    network: 'Mạng',
    gateway: 'cổng mặc định',
    noGateway: 'không có cổng mặc định',
    tunnel: 'VPN',
    tunnelUp: (names: string) => `có (${names})`,
    tunnelNone: 'không',
    clockJumps: (n: number) => `Đồng hồ máy bị chỉnh ${n} lần`,
  },
  en: {
    title: 'WardWatch agent status',
    noState: (dir: string) =>
      `No status data in ${dir}: the agent has never run (wardwatch-agent run).`,
    station: 'Station',
    ward: 'Ward',
    agent: 'Agent',
    running: 'running',
    notRunning: (t: string) => `not running (last update ${t})`,
    server: 'Server',
    connection: 'Server connection',
    states: {
      online: 'connected',
      offline: 'disconnected',
      connecting: 'connecting',
      idle: 'not connected',
      stopped: 'stopped',
    },
    lastContact: 'Last contact with server',
    never: 'never',
    ago: (s: string) => `${s} ago`,
    lastError: 'Last error',
    backlog: 'Waiting to send',
    backlogValue: (n: number, b: string) => `${n} batches (${b})`,
    dropped: (n: number) => `${n} oldest batches dropped (buffer full)`,
    targets: 'Latest result per target',
    noTargets: 'no targets yet (waiting for config from the server)',
    cols: ['Target', 'Probe', 'Status', 'Latency', 'Loss', 'Last measured', 'Drops today'],
    ok: 'OK',
    down: 'DOWN',
    notMeasured: 'not measured',
    sys: 'Workstation',
    cpu: 'CPU',
    mem: 'Memory',
    disk: 'Disk',
    units: { s: 's', m: 'min', h: 'h', d: 'd' },
    drops: 'Session drops today',
    dropsValue: (server: number, service: number) => `server ${server}, services ${service}`,
    devices: 'Required peripherals',
    sources: { server: "the server's requirement", local: 'local config' },
    present: 'present',
    missing: 'MISSING',
    short: (found: number, required: number) => `SHORT (${found}/${required})`,
    noneRequired: 'none required',
    notScanned: 'not scanned yet',
    scannedAt: (t: string) => `scanned ${t}`,
    categories: {
      fingerprint: 'Fingerprint reader',
      scanner: 'Document scanner',
      card_reader: 'ID card reader',
      printer: 'Printer',
      camera: 'Camera',
      other: 'Other device',
    },
    network: 'Network',
    gateway: 'default gateway',
    noGateway: 'no default gateway',
    tunnel: 'VPN',
    tunnelUp: (names: string) => `up (${names})`,
    tunnelNone: 'none',
    clockJumps: (n: number) => `Wall clock changed ${n} time(s)`,
  },
} as const;

/** What `wardwatch-agent status` says when it shows something other than the usual table. */
export const STATUS_MESSAGES = {
  vi: {
    configFallback: (config: string, dir: string) =>
      `Không có quyền đọc tệp cấu hình ${config}: dùng thư mục dữ liệu mặc định ${dir} (thư mục khác: --data-dir).`,
    noAccess: (path: string) =>
      `Không có quyền đọc ${path}: hãy chạy bằng tài khoản quản trị, hoặc cho tài khoản này quyền đọc thư mục dữ liệu.`,
    unreadable: (path: string, why: string) => `Không đọc được ${path}: ${why}`,
    badState: (path: string, why: string) => `Tệp trạng thái ${path} bị hỏng: ${why}`,
    noDataDir: (dir: string) => `không có thư mục dữ liệu ${dir}`,
    notADir: (dir: string) => `${dir} không phải là thư mục`,
  },
  en: {
    configFallback: (config: string, dir: string) =>
      `No permission to read the config file ${config}: using the default data folder ${dir} (another folder: --data-dir).`,
    noAccess: (path: string) =>
      `No permission to read ${path}: run as an administrator, or give this account read access to the data folder.`,
    unreadable: (path: string, why: string) => `Cannot read ${path}: ${why}`,
    badState: (path: string, why: string) => `Broken state file ${path}: ${why}`,
    noDataDir: (dir: string) => `no such data folder: ${dir}`,
    notADir: (dir: string) => `${dir} is not a folder`,
  },
} as const;

function duration(ms: number, lang: Language): string {
  const u = TEXT[lang].units;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} ${u.s}`;
  if (s < 3600) return `${Math.floor(s / 60)} ${u.m}`;
  if (s < 86400) return `${Math.floor(s / 3600)} ${u.h}`;
  return `${Math.floor(s / 86400)} ${u.d}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) =>
    r.map((cell, i) => cell + ' '.repeat((widths?.[i] ?? 0) - [...cell].length)).join('  '),
  );
}

const DEFAULT_REQUIRED: PeripheralCategory[] = ['fingerprint', 'scanner', 'card_reader'];

/** `present`, `MISSING` or `SHORT (n/required)` for one required category. */
function deviceVerdict(found: number, required: number, lang: Language): string {
  const t = TEXT[lang];
  if (found === 0) return t.missing;
  return found >= required ? t.present : t.short(found, required);
}

function renderDevices(state: AgentState, lang: Language): string[] {
  const t = TEXT[lang];
  const scan = state.peripherals;
  const notes = [
    ...(state.requiredSource ? [t.sources[state.requiredSource]] : []),
    ...(scan ? [t.scannedAt(formatTime(scan.at))] : []),
  ];
  const head = `${t.devices}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}:`;
  const rows = (state.requiredPeripherals ?? DEFAULT_REQUIRED).map((category) => {
    if (!scan) return [t.categories[category], t.notScanned, ''];
    const found = scan.devices.filter((d) => d.category === category);
    const names = found.map(
      (d) => [d.vendor, d.product].filter(Boolean).join(' ') || `${d.vid}:${d.pid}`,
    );
    const required = state.requiredCounts?.[category] ?? 1;
    return [t.categories[category], deviceVerdict(found.length, required, lang), names.join(', ')];
  });
  if (rows.length === 0) return ['', head, `  ${t.noneRequired}`];
  return ['', head, ...table(rows).map((l) => `  ${l.trimEnd()}`)];
}

/**
 * The local health report. `staleMs`: a state file older than this means the agent is not
 * running (it rewrites the file every few seconds).
 */
export function renderStatus(
  state: AgentState | null,
  lang: Language,
  now: number,
  dataDir: string,
  staleMs = 15_000,
): string {
  const t = TEXT[lang];
  if (!state) return t.noState(dataDir) + '\n';
  const when = (at: number | null) =>
    at === null ? t.never : `${formatTime(at)} (${t.ago(duration(now - at, lang))})`;
  const alive = state.running && now - state.updatedAt < staleMs;
  const conn = alive ? t.states[state.connection.state] : t.states.offline;
  const lines = [
    t.title,
    `${t.station}: ${state.stationId} (${state.hostname}) — ${t.ward}: ${state.wardId}`,
    `${t.agent}: ${alive ? t.running : t.notRunning(formatTime(state.updatedAt))}`,
    `${t.server}: ${state.server}`,
    `${t.connection}: ${conn}`,
    `${t.lastContact}: ${when(state.connection.lastContactAt)}`,
  ];
  if (state.connection.lastError) lines.push(`${t.lastError}: ${state.connection.lastError}`);
  let backlog = `${t.backlog}: ${t.backlogValue(state.outbox.batches, formatBytes(state.outbox.bytes))}`;
  if (state.outbox.droppedBatches > 0) backlog += `, ${t.dropped(state.outbox.droppedBatches)}`;
  lines.push(backlog, '', `${t.targets}:`);
  const today = vnDay(now);
  const drops = state.sessionDrops?.day === today ? state.sessionDrops : undefined;
  if (state.targets.length === 0) {
    lines.push(`  ${t.noTargets}`);
  } else {
    const rows: string[][] = [[...t.cols]];
    for (const target of state.targets) {
      const r = state.lastResults[target.id];
      rows.push([
        target.name,
        target.probe,
        r ? (r.ok ? t.ok : `${t.down}${r.error ? ` (${r.error})` : ''}`) : t.notMeasured,
        r?.rttMs ? `${r.rttMs.avg.toFixed(r.rttMs.avg < 1 ? 2 : 1)} ms` : '—',
        r?.lossPct !== undefined ? `${r.lossPct}%` : '—',
        r ? formatTime(r.at) : '—',
        target.probe === 'session' ? String(drops?.service[target.id] ?? 0) : '',
      ]);
    }
    lines.push(...table(rows).map((l) => `  ${l.trimEnd()}`));
  }
  const serviceDrops = Object.values(drops?.service ?? {}).reduce((a, b) => a + b, 0);
  lines.push('', `${t.drops}: ${t.dropsValue(drops?.server ?? 0, serviceDrops)}`);
  lines.push(...renderDevices(state, lang));
  if (state.iface) {
    const tunnels = state.iface.interfaces.filter((i) => i.isTunnel && i.up).map((i) => i.name);
    const gw = state.iface.gateway ? `${t.gateway} ${state.iface.gateway}` : t.noGateway;
    const vpn = tunnels.length > 0 ? t.tunnelUp(tunnels.join(', ')) : t.tunnelNone;
    lines.push('', `${t.network}: ${gw}; ${t.tunnel}: ${vpn}`);
  }
  if ((state.clockJumps ?? 0) > 0) lines.push(t.clockJumps(state.clockJumps ?? 0));
  if (state.lastSys) {
    const s = state.lastSys;
    const mem = `${formatBytes(s.memUsedBytes)} / ${formatBytes(s.memTotalBytes)}`;
    const disks = s.disks
      .map((d) => `${d.mount} ${formatBytes(d.usedBytes)} / ${formatBytes(d.sizeBytes)}`)
      .join(', ');
    lines.push('', `${t.sys}: ${t.cpu} ${s.cpuPct}%, ${t.mem} ${mem}, ${t.disk} ${disks}`);
  }
  return lines.join('\n') + '\n';
}
