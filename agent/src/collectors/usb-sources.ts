import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogEntry, Device, UsbDeviceInfo } from '@wardwatch/shared';
import { classifyUsbDevice } from '@wardwatch/shared/agent';

/** One USB device as a source reports it, before classification. */
export interface RawUsbDevice extends UsbDeviceInfo {
  serial?: string;
}

const HUB_CLASS = 0x09;
const hexId = (s: string | undefined) => {
  const v = (s ?? '').trim().toLowerCase();
  return /^[0-9a-f]{4}$/.test(v) ? v : null;
};
const clip = (s: string | undefined) => (s ?? '').trim().slice(0, 256);

async function readOpt(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/**
 * USB devices from Linux sysfs (`<root>/bus/usb/devices/*`): ids, class codes of the device
 * and of every interface (`<dev>/<dev>:*`), names and serial. No child process; hubs skipped.
 */
export async function scanSysfsUsb(root = '/sys'): Promise<RawUsbDevice[]> {
  const dir = join(root, 'bus', 'usb', 'devices');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: RawUsbDevice[] = [];
  for (const name of names.sort()) {
    if (name.includes(':')) continue; // an interface, read below with its device
    const base = join(dir, name);
    const vid = hexId(await readOpt(join(base, 'idVendor')));
    const pid = hexId(await readOpt(join(base, 'idProduct')));
    if (!vid || !pid) continue;
    const deviceClass = parseInt((await readOpt(join(base, 'bDeviceClass'))) ?? '0', 16) || 0;
    if (deviceClass === HUB_CLASS) continue;
    const interfaceClasses: number[] = [];
    let entries: string[] = [];
    try {
      entries = await readdir(base);
    } catch {
      // unplugged while scanning
    }
    for (const sub of entries.filter((e) => e.startsWith(`${name}:`)).sort()) {
      const c = await readOpt(join(base, sub, 'bInterfaceClass'));
      if (c !== undefined && /^[0-9a-f]+$/i.test(c)) interfaceClasses.push(parseInt(c, 16));
    }
    const serial = await readOpt(join(base, 'serial'));
    out.push({
      vid,
      pid,
      deviceClass,
      interfaceClasses,
      vendor: clip(await readOpt(join(base, 'manufacturer'))),
      product: clip(await readOpt(join(base, 'product'))),
      ...(serial && { serial: clip(serial) }),
    });
  }
  return out;
}

/** One row of `Get-CimInstance Win32_PnPEntity | ConvertTo-Json`. */
interface PnpEntity {
  Name?: string | null;
  PNPDeviceID?: string | null;
  PNPClass?: string | null;
  Manufacturer?: string | null;
}

const GENERIC_NAME = /composite|tổng hợp|^usb input device$/i;
const GENERIC_MANUFACTURER = /^\(.*\)$|^microsoft$|^compatible usb/i;

/**
 * USB devices from Windows PnP entities (PNPDeviceID `USB\VID_xxxx&PID_yyyy[&MI_nn]\instance`).
 * A composite device's interfaces (`&MI_nn`) are merged into one device; the serial is the
 * instance id when it is not a Windows-generated one (those contain `&`).
 */
export function parsePnpEntities(json: string): RawUsbDevice[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch {
    return [];
  }
  const rows = (Array.isArray(parsed) ? parsed : [parsed]) as PnpEntity[];
  const parents: Array<RawUsbDevice & { classes: string[] }> = [];
  const interfaces: Array<{ vid: string; pid: string; cls: string; name: string; maker: string }> =
    [];
  for (const row of rows) {
    const m = /^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(&MI_[0-9A-F]{2})?\\(.*)$/i.exec(
      row?.PNPDeviceID ?? '',
    );
    if (!m) continue;
    const vid = (m[1] as string).toLowerCase();
    const pid = (m[2] as string).toLowerCase();
    const cls = (row.PNPClass ?? '').trim();
    const name = clip(row.Name ?? '');
    const maker = clip(row.Manufacturer ?? '');
    if (m[3] !== undefined) {
      interfaces.push({ vid, pid, cls, name, maker });
      continue;
    }
    if (/^usb$/i.test(cls) && /hub/i.test(name)) continue;
    const instance = m[4] as string;
    parents.push({
      vid,
      pid,
      vendor: GENERIC_MANUFACTURER.test(maker) ? '' : maker,
      product: name,
      ...(!instance.includes('&') && instance && { serial: clip(instance) }),
      classes: cls ? [cls] : [],
    });
  }
  for (const i of interfaces) {
    let dev = parents.find((p) => p.vid === i.vid && p.pid === i.pid);
    if (!dev) {
      dev = { vid: i.vid, pid: i.pid, vendor: '', product: i.name, classes: [] };
      parents.push(dev);
    }
    if (i.cls) dev.classes.push(i.cls);
    if (GENERIC_NAME.test(dev.product ?? '') && i.name) dev.product = i.name;
    if (!dev.vendor && i.maker && !GENERIC_MANUFACTURER.test(i.maker)) dev.vendor = i.maker;
  }
  return parents.map(({ classes, ...d }) => {
    // A composite parent is class "USB"; the function's class is on an interface.
    const cls = classes.find((c) => !/^usb(device)?$/i.test(c));
    return { ...d, ...(cls !== undefined && { pnpClass: cls }) };
  });
}

/** PowerShell for one enumeration (run in the agent's long-lived PowerShell). */
export const PNP_COMMAND =
  'Get-CimInstance Win32_PnPEntity -Filter "PNPDeviceID LIKE \'USB%\'" | ' +
  'Select-Object Name,PNPDeviceID,PNPClass,Manufacturer | ConvertTo-Json -Compress -Depth 2';

/** Classify and shape devices for the `peripherals` record, sorted for stable comparison. */
export function toDevices(
  raw: readonly RawUsbDevice[],
  extra: readonly CatalogEntry[] = [],
): Device[] {
  return (
    raw
      .map((d): Device => {
        const { category, entry } = classifyUsbDevice(d, extra);
        return {
          vid: d.vid,
          pid: d.pid,
          vendor: clip(d.vendor || entry?.vendor),
          product: clip(d.product || entry?.model),
          ...(d.serial && { serial: clip(d.serial) }),
          category,
        };
      })
      // Ordinal, not localeCompare: a stable order is all that is needed, and the first
      // Intl collator maps ICU's data into the agent (≈ 2.5 MB of RSS).
      .sort((a, b) => {
        const [x, y] = [`${a.vid}${a.pid}${a.serial ?? ''}`, `${b.vid}${b.pid}${b.serial ?? ''}`];
        return x < y ? -1 : x > y ? 1 : 0;
      })
      .slice(0, 256)
  );
}

/** Stable identity of a device list: unchanged lists need not cross the wire again. */
export const devicesKey = (devices: readonly Device[]) =>
  devices.map((d) => `${d.vid}:${d.pid}:${d.serial ?? ''}:${d.category}`).join('|');
