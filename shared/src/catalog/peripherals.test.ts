import { describe, expect, it } from 'vitest';
import {
  PERIPHERAL_CATALOG,
  classifyUsbDevice,
  findCatalogEntry,
  type CatalogEntry,
  type UsbDeviceInfo,
} from './peripherals.js';

describe('peripheral catalog', () => {
  it.each<[string, UsbDeviceInfo, string, string]>([
    [
      'SecuGen Hamster Pro 20',
      { vid: '1162', pid: '2200', deviceClass: 0, interfaceClasses: [0xff] },
      'fingerprint',
      'id',
    ],
    ['U.are.U 4500 (upper-case ids)', { vid: '05BA', pid: '000A' }, 'fingerprint', 'id'],
    ['Canon DR-C225', { vid: '1083', pid: '1658', interfaceClasses: [0xff] }, 'scanner', 'id'],
    ['Fujitsu fi-7160', { vid: '04c5', pid: '132e' }, 'scanner', 'id'],
    ['ACR39U', { vid: '072f', pid: 'b100', interfaceClasses: [0x0b] }, 'card_reader', 'id'],
    [
      'Epson printer shares the scanner vid',
      { vid: '04b8', pid: '0005', interfaceClasses: [0x07] },
      'printer',
      'interface_class',
    ],
    [
      'Canon printer shares 04a9',
      { vid: '04a9', pid: '1746', interfaceClasses: [0x07, 0xff] },
      'printer',
      'interface_class',
    ],
    [
      'unknown CCID reader',
      { vid: '1234', pid: '0001', interfaceClasses: [0x03, 0x0b] },
      'card_reader',
      'interface_class',
    ],
    [
      'webcam by class',
      { vid: '046d', pid: '0825', deviceClass: 0xef, interfaceClasses: [0x0e, 0x0e, 0x01] },
      'camera',
      'interface_class',
    ],
    [
      'Windows PnP Biometric',
      { vid: 'abcd', pid: '0001', pnpClass: 'Biometric' },
      'fingerprint',
      'pnp_class',
    ],
    [
      'Windows PnP SmartCardReader',
      { vid: 'abcd', pid: '0002', pnpClass: 'SmartCardReader' },
      'card_reader',
      'pnp_class',
    ],
    [
      'Windows Image that is a webcam',
      { vid: 'abcd', pid: '0003', pnpClass: 'Image', product: 'USB Camera' },
      'camera',
      'name',
    ],
    [
      'vendor-specific by Vietnamese name',
      { vid: 'abcd', pid: '0004', interfaceClasses: [0xff], product: 'Thiết bị đọc vân tay' },
      'fingerprint',
      'name',
    ],
    [
      'scanner by name',
      { vid: 'abcd', pid: '0005', interfaceClasses: [0xff], product: 'Document Scanner X1' },
      'scanner',
      'name',
    ],
    [
      'smart card by name',
      { vid: 'abcd', pid: '0006', product: 'Smart Card Reader USB' },
      'card_reader',
      'name',
    ],
    [
      'USB flash drive',
      { vid: '0781', pid: '5567', interfaceClasses: [0x08], product: 'Cruzer Blade' },
      'other',
      'none',
    ],
    [
      'keyboard',
      { vid: '413c', pid: '2113', interfaceClasses: [0x03, 0x03], product: 'Dell KB216' },
      'other',
      'none',
    ],
  ])('%s', (_name, dev, category, by) => {
    expect(classifyUsbDevice(dev)).toMatchObject({ category, by });
  });

  it('site entries add and override', () => {
    const site: CatalogEntry[] = [
      {
        vid: 'abcd',
        pids: ['0099'],
        category: 'fingerprint',
        vendor: 'Local',
        source: 'site config',
      },
      { vid: '072f', pids: ['b100'], category: 'other', vendor: 'ACS', source: 'site config' },
    ];
    expect(classifyUsbDevice({ vid: 'abcd', pid: '0099' }, site)).toMatchObject({
      category: 'fingerprint',
      by: 'id',
    });
    expect(classifyUsbDevice({ vid: '072f', pid: 'b100' }, site).category).toBe('other');
    expect(findCatalogEntry('abcd', '0099')).toBeUndefined();
  });

  it('every entry is well-formed and says where it came from', () => {
    for (const c of PERIPHERAL_CATALOG) {
      expect(c.vid).toMatch(/^[0-9a-f]{4}$/);
      for (const p of c.pids ?? []) expect(p).toMatch(/^[0-9a-f]{4}$/);
      expect(c.source.length).toBeGreaterThan(0);
    }
    const keys = PERIPHERAL_CATALOG.flatMap((c) => (c.pids ?? ['*']).map((p) => `${c.vid}:${p}`));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
