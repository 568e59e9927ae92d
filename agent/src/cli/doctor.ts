import { access, constants, mkdir, readFile } from 'node:fs/promises';
import type { Target } from '@wardwatch/shared';
import { IfaceWatcher } from '../collectors/iface.js';
import { PeripheralCollector } from '../collectors/peripherals.js';
import { ShellHost, powershellHostOptions } from '../collectors/shell-host.js';
import { sampleSys } from '../collectors/sys.js';
import type { AgentConfig } from '../config.js';
import { findPing, strategyFor, toProbeRecord } from '../probes/index.js';
import { httpBaseUrl } from '../transport/url.js';
import { formatBytes } from './status-render.js';

export interface DoctorFinding {
  /** Bilingual, one line: "Vietnamese / English". */
  message: string;
}

export const pingMissingMessage = (platform: NodeJS.Platform = process.platform) =>
  platform === 'win32'
    ? 'không tìm thấy lệnh ping / ping binary not found: %SystemRoot%\\system32\\ping.exe is missing'
    : 'không tìm thấy lệnh ping / ping binary not found: install iputils-ping';

/** Run every collector and probe once; print what works and what is missing. */
export async function doctor(config: AgentConfig, out: (line: string) => void): Promise<number> {
  const findings: DoctorFinding[] = [];
  out(`WardWatch doctor — ${config.path}`);

  try {
    const { record } = await sampleSys(null, Date.now());
    const disks = record.disks
      .map((d) => `${d.mount} ${formatBytes(d.usedBytes)}/${formatBytes(d.sizeBytes)}`)
      .join(', ');
    out(
      `[OK] sys: CPU ${record.cpuPct}%, RAM ${formatBytes(record.memUsedBytes)}/${formatBytes(record.memTotalBytes)}, ` +
        `disk ${disks || '—'}, uptime ${record.uptimeSec}s`,
    );
  } catch (err) {
    findings.push({ message: `thu thập thông số máy lỗi / sys collector failed: ${String(err)}` });
  }

  try {
    const iface = await new IfaceWatcher({
      tunnelInterface: config.tunnelInterface,
      emit: () => undefined,
    }).sample(Date.now());
    const list = iface.interfaces
      .map((i) => `${i.name}${i.up ? '' : ' (down)'}${i.isTunnel ? ' [vpn]' : ''}`)
      .join(', ');
    out(`[OK] iface: ${list || '—'}; gateway ${iface.gateway ?? '—'}`);
  } catch (err) {
    findings.push({ message: `đọc giao diện mạng lỗi / iface collector failed: ${String(err)}` });
  }

  const shell = process.platform === 'win32' ? new ShellHost(powershellHostOptions()) : null;
  try {
    const { devices } = await new PeripheralCollector({
      sysfsRoot: config.sysfsRoot,
      catalog: config.peripheralCatalog,
      shell,
      emit: () => undefined,
    }).sample(Date.now());
    out(`[OK] peripherals: ${devices.length} USB device(s)`);
    for (const d of devices) {
      out(
        `     ${d.category.padEnd(11)} ${d.vid}:${d.pid} ${[d.vendor, d.product].filter(Boolean).join(' ')}`,
      );
    }
    for (const category of config.requiredPeripherals) {
      if (!devices.some((d) => d.category === category)) {
        out(`[--] thiếu thiết bị / missing required device: ${category}`);
      }
    }
  } catch (err) {
    findings.push({ message: `quét thiết bị USB lỗi / peripheral scan failed: ${String(err)}` });
  } finally {
    shell?.stop();
  }

  const ping = findPing();
  if (ping) out(`[OK] ping: ${ping}`);
  else findings.push({ message: pingMissingMessage() });

  try {
    await mkdir(config.dataDir, { recursive: true });
    await access(config.dataDir, constants.W_OK);
    out(`[OK] dataDir: ${config.dataDir}`);
  } catch (err) {
    findings.push({
      message: `không ghi được thư mục dữ liệu / data dir not writable: ${config.dataDir} (${String(err)})`,
    });
  }

  try {
    const res = await fetch(`${httpBaseUrl(config.server)}/api/v1/health`, {
      signal: AbortSignal.timeout(5000),
    });
    if (res.ok) out(`[OK] server: ${config.server}`);
    else findings.push({ message: `máy chủ trả lỗi / server answered HTTP ${res.status}` });
  } catch (err) {
    findings.push({
      message: `không kết nối được máy chủ / server unreachable: ${config.server} (${(err as Error).message})`,
    });
  }

  const targets: Target[] = config.targets ?? [];
  let tlsCa: string[] | undefined;
  if (config.probeCaFile) {
    try {
      tlsCa = [await readFile(config.probeCaFile, 'utf8')];
    } catch (err) {
      findings.push({
        message: `không đọc được probeCaFile / cannot read probeCaFile: ${String(err)}`,
      });
    }
  }
  if (targets.length === 0) out('[--] chưa có mục tiêu / no targets cached yet');
  for (const target of targets) {
    const run = strategyFor(target.probe)(target, {
      findPing: () => ping,
      ...(tlsCa && { tlsCa }),
    });
    const record = toProbeRecord(target, await run.run(AbortSignal.timeout(20_000)), Date.now());
    const rtt = record.rttMs ? ` rtt ${record.rttMs.avg} ms` : '';
    const loss = record.lossPct !== undefined ? ` loss ${record.lossPct}%` : '';
    out(
      `[${record.ok ? 'OK' : 'LỖI/FAIL'}] ${target.probe} ${target.id} (${target.host ?? target.url ?? ''}${target.port ? ':' + target.port : ''}):${rtt}${loss}${record.error ? ' ' + record.error : ''}`,
    );
    if (record.error === 'ping_missing') continue; // reported once above
  }

  for (const f of findings) out(`[!!] ${f.message}`);
  out(
    findings.length === 0
      ? 'Không phát hiện vấn đề / no problems found'
      : `${findings.length} vấn đề / problem(s) found`,
  );
  return findings.length === 0 ? 0 : 1;
}
