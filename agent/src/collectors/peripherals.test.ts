import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeripheralsRecord } from '@wardwatch/shared';
import { PeripheralCollector, shouldSendPeripherals } from './peripherals.js';
import { UsbHotplugWatcher } from './usb-hotplug.js';
import { devicesKey, parsePnpEntities, scanSysfsUsb, toDevices } from './usb-sources.js';

/** A sysfs tree as Linux lays it out: devices with attribute files and interface subdirs. */
async function usbDevice(
  root: string,
  name: string,
  attrs: Record<string, string>,
  interfaceClasses: string[] = [],
) {
  const dir = join(root, 'bus', 'usb', 'devices', name);
  await mkdir(dir, { recursive: true });
  for (const [k, v] of Object.entries(attrs)) await writeFile(join(dir, k), v + '\n');
  for (const [i, c] of interfaceClasses.entries()) {
    await mkdir(join(dir, `${name}:1.${i}`), { recursive: true });
    await writeFile(join(dir, `${name}:1.${i}`, 'bInterfaceClass'), c + '\n');
  }
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ww-sysfs-'));
  await usbDevice(root, 'usb1', {
    idVendor: '1d6b',
    idProduct: '0002',
    bDeviceClass: '09',
    product: 'xHCI Host Controller',
  });
  await usbDevice(
    root,
    '1-1',
    {
      idVendor: '1162',
      idProduct: '2200',
      bDeviceClass: '00',
      manufacturer: 'SecuGen Corp.',
      product: 'Hamster Pro 20',
      serial: 'H58190112345',
    },
    ['ff'],
  );
  await usbDevice(
    root,
    '1-2',
    {
      idVendor: '072f',
      idProduct: 'b100',
      bDeviceClass: '00',
      manufacturer: 'ACS',
      product: 'ACR39U ICC Reader',
    },
    ['0b'],
  );
  await usbDevice(
    root,
    '1-3',
    {
      idVendor: '046d',
      idProduct: '0825',
      bDeviceClass: 'ef',
      product: 'C270 HD WEBCAM',
      serial: '8C2B1E40',
    },
    ['0e', '0e', '01', '01'],
  );
  await usbDevice(
    root,
    '1-4',
    {
      idVendor: '04b8',
      idProduct: '0005',
      bDeviceClass: '00',
      manufacturer: 'EPSON',
      product: 'L3150 Series',
    },
    ['07', 'ff'],
  );
  await usbDevice(
    root,
    '1-5',
    { idVendor: '0781', idProduct: '5567', bDeviceClass: '00', product: 'Cruzer Blade' },
    ['08'],
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('Linux sysfs USB scan (fixture tree)', () => {
  it('reads ids, classes, names, serials; skips hubs and interface dirs', async () => {
    const raw = await scanSysfsUsb(root);
    expect(raw.map((d) => `${d.vid}:${d.pid}`)).toEqual([
      '1162:2200',
      '072f:b100',
      '046d:0825',
      '04b8:0005',
      '0781:5567',
    ]);
    expect(raw[0]).toMatchObject({
      vendor: 'SecuGen Corp.',
      product: 'Hamster Pro 20',
      serial: 'H58190112345',
      interfaceClasses: [0xff],
    });
    expect(raw[2]?.interfaceClasses).toEqual([0x0e, 0x0e, 0x01, 0x01]);
  });

  it('classifies into the record categories', async () => {
    const devices = toDevices(await scanSysfsUsb(root));
    expect(Object.fromEntries(devices.map((d) => [`${d.vid}:${d.pid}`, d.category]))).toEqual({
      '1162:2200': 'fingerprint',
      '072f:b100': 'card_reader',
      '046d:0825': 'camera',
      '04b8:0005': 'printer',
      '0781:5567': 'other',
    });
  });

  it('no sysfs (not Linux, or no USB bus): empty, not an error', async () => {
    expect(await scanSysfsUsb(join(root, 'nope'))).toEqual([]);
  });
});

describe('Windows Win32_PnPEntity JSON (recorded-format fixture)', () => {
  it('parses, merges composite interfaces, drops hubs, classifies', async () => {
    const json = await readFile(new URL('./fixtures/win32-pnp-usb.json', import.meta.url), 'utf8');
    const devices = toDevices(parsePnpEntities(json));
    const by = Object.fromEntries(devices.map((d) => [`${d.vid}:${d.pid}`, d]));
    expect(Object.keys(by).sort()).toEqual([
      '03f0:2b17',
      '046d:0825',
      '072f:b100',
      '0781:5567',
      '1083:1658',
      '1162:2200',
      '413c:2113',
    ]);
    expect(by['1162:2200']).toMatchObject({
      category: 'fingerprint',
      vendor: 'SecuGen Corporation',
    });
    expect(by['1162:2200']).not.toHaveProperty('serial'); // Windows-generated instance id
    expect(by['072f:b100']).toMatchObject({ category: 'card_reader', vendor: 'ACS' });
    expect(by['1083:1658']).toMatchObject({ category: 'scanner', serial: 'DR0012345' });
    expect(by['046d:0825']).toMatchObject({
      category: 'camera',
      product: 'Logitech HD Webcam C270',
      vendor: 'Logitech',
    });
    expect(by['03f0:2b17']).toMatchObject({ category: 'printer', serial: 'CN12345678' });
    expect(by['413c:2113']?.category).toBe('other');
    expect(by['0781:5567']?.category).toBe('other');
  });

  it('a single object (one device) and junk', () => {
    expect(
      parsePnpEntities(
        '{"Name":"X","PNPDeviceID":"USB\\\\VID_16D1&PID_0401\\\\ABC","PNPClass":"Biometric"}',
      ),
    ).toHaveLength(1);
    expect(parsePnpEntities('not json')).toEqual([]);
    expect(parsePnpEntities('')).toEqual([]);
  });
});

describe('peripherals sending policy', () => {
  it('start, change, then at most every fullEveryMs', () => {
    expect(shouldSendPeripherals('a', null, 0, 900_000)).toBe(true);
    expect(shouldSendPeripherals('a', { key: 'a', at: 0 }, 60_000, 900_000)).toBe(false);
    expect(shouldSendPeripherals('b', { key: 'a', at: 0 }, 60_000, 900_000)).toBe(true);
    expect(shouldSendPeripherals('a', { key: 'a', at: 0 }, 900_000, 900_000)).toBe(true);
  });

  it('collector sends the full list at start and when a reader is unplugged', async () => {
    const sent: PeripheralsRecord[] = [];
    let now = 1_000_000;
    const c = new PeripheralCollector({
      sysfsRoot: root,
      emit: (r) => sent.push(r),
      now: () => now,
      platform: 'linux',
    });
    await c.tick();
    now += 60_000;
    await c.tick();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.devices).toHaveLength(5);
    await rm(join(root, 'bus', 'usb', 'devices', '1-1'), { recursive: true });
    now += 60_000;
    await c.tick();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.devices.map((d) => d.category)).not.toContain('fingerprint');
    expect(devicesKey(sent[1]?.devices ?? [])).not.toBe(devicesKey(sent[0]?.devices ?? []));
  });
});

describe('USB hot-plug (Linux: device nodes under /dev/bus/usb, here a temp tree)', () => {
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('rescans within the debounce of a plug on an existing bus and on a new bus, once per burst', async () => {
    const dev = await mkdtemp(join(tmpdir(), 'ww-devusb-'));
    await mkdir(join(dev, '001'));
    const sys = await mkdtemp(join(tmpdir(), 'ww-sysfs-hp-'));
    await usbDevice(sys, '1-1', { idVendor: '072f', idProduct: 'b100', bDeviceClass: '00' }, [
      '0b',
    ]);
    const sent: PeripheralsRecord[] = [];
    let scans = 0;
    const c = new PeripheralCollector({
      sysfsRoot: sys,
      hotplugRoot: dev,
      hotplugDebounceMs: 50,
      intervalMs: 3_600_000, // only start and hot-plug scans in this test
      platform: 'linux',
      emit: (r) => sent.push(r),
      onSample: () => (scans += 1),
    });
    try {
      c.start();
      await until('the start scan', () => sent.length === 1);
      await new Promise((r) => setTimeout(r, 100)); // watches in place
      // Plug a fingerprint reader: sysfs gets its dir, devtmpfs its node(s).
      await usbDevice(sys, '1-2', { idVendor: '1162', idProduct: '2200', bDeviceClass: '00' }, [
        'ff',
      ]);
      await writeFile(join(dev, '001', '002'), '');
      await writeFile(join(dev, '001', '003'), '');
      await until('the hot-plug scan', () => sent.length === 2);
      expect(sent[1]?.devices.map((d) => d.category).sort()).toEqual([
        'card_reader',
        'fingerprint',
      ]);
      await new Promise((r) => setTimeout(r, 200));
      expect(scans).toBe(2); // two nodes, one rescan
      // A new bus directory (a controller appears), then a device on it, then unplug.
      await mkdir(join(dev, '002'));
      await new Promise((r) => setTimeout(r, 150));
      await rm(join(sys, 'bus', 'usb', 'devices', '1-1'), { recursive: true });
      await writeFile(join(dev, '002', '001'), '');
      await until('the scan after the new bus', () => sent.length === 3);
      expect(sent[2]?.devices.map((d) => d.category)).toEqual(['fingerprint']);
    } finally {
      c.stop();
      await rm(dev, { recursive: true, force: true });
      await rm(sys, { recursive: true, force: true });
    }
  });

  it('no device-node tree (container, not Linux): nothing watched, polling only', async () => {
    const w = new UsbHotplugWatcher({
      root: '/nonexistent-dev-bus-usb',
      onChange: () => undefined,
    });
    expect(await w.start()).toBe(false);
    w.stop();
  });
});
