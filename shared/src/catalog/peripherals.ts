import type { PeripheralCategory } from '../protocol/records.js';

/**
 * Peripheral catalog (DESIGN §4 "equipment requirement"): classifies a USB device by
 * vendor/product id, then interface class, then name pattern. Pure data and functions.
 *
 * Sources, named per entry in `source`:
 * - `usb.ids`: the Linux USB ID repository (Debian package `usb.ids`).
 * - `libfprint`: libfprint-2-2's udev hwdb (fingerprint readers).
 * - `libsane`: libsane1's hwdb (document scanners).
 * - `libccid`: libccid's supported-reader list (smart-card readers).
 * - `udev-rules`: vendors' public udev rules, not cross-checked against a device.
 * None of the ids was verified on a ward workstation (docs/operations.md lists that as open).
 */
export interface CatalogEntry {
  /** 4 lowercase hex digits. */
  vid: string;
  /** Product ids this entry covers; omitted: every product of the vendor. */
  pids?: readonly string[];
  category: PeripheralCategory;
  vendor: string;
  model?: string;
  source: string;
}

export interface UsbDeviceInfo {
  vid: string;
  pid: string;
  /** bDeviceClass (0 = "see interfaces"). */
  deviceClass?: number;
  /** bInterfaceClass of every interface. */
  interfaceClasses?: readonly number[];
  vendor?: string;
  product?: string;
  /** Windows PnP class (Biometric, SmartCardReader, Image, Camera, Printer, ...). */
  pnpClass?: string;
}

export type ClassifiedBy = 'id' | 'pnp_class' | 'interface_class' | 'name' | 'none';

const e = (
  vid: string,
  category: PeripheralCategory,
  vendor: string,
  source: string,
  pids?: string[],
  model?: string,
): CatalogEntry => ({
  vid,
  category,
  vendor,
  source,
  ...(pids && { pids }),
  ...(model && { model }),
});

/** Built-in entries, from /work notes' id table (agent-platform.md, "USB classification"). */
export const PERIPHERAL_CATALOG: readonly CatalogEntry[] = [
  // Fingerprint readers
  e(
    '1162',
    'fingerprint',
    'SecuGen',
    'libfprint, usb.ids',
    ['0320', '0330', '2200', '2201', '2203', '2410', '2500'],
    'Hamster Plus/IV/Pro/Air',
  ),
  e('16d1', 'fingerprint', 'Suprema', 'usb.ids', ['0401'], 'BioMini'),
  e(
    '05ba',
    'fingerprint',
    'DigitalPersona (HID)',
    'libfprint, usb.ids',
    ['0007', '0008', '000a'],
    'U.are.U 4000/4000B/4500',
  ),
  e('1491', 'fingerprint', 'Futronic', 'libfprint, usb.ids', ['0020', '0088'], 'FS80/FS81, FS88'),
  e(
    '1b55',
    'fingerprint',
    'ZKTeco',
    'udev-rules (unverified)',
    ['0020', '0120', '0124'],
    'ZK4500, Live20R/SLK20R, ZK9500',
  ),
  e('113f', 'fingerprint', 'Integrated Biometrics', 'usb.ids', ['1020', '1100'], 'Watson, Columbo'),
  e('080b', 'fingerprint', 'Cross Match', 'usb.ids', ['0002', '0010']),
  e('147e', 'fingerprint', 'Upek / Synaptics', 'libfprint, usb.ids', [
    '1000',
    '1001',
    '2016',
    '2020',
    '3000',
    '3001',
  ]),
  // Document scanners
  e(
    '1083',
    'scanner',
    'Canon Electronics',
    'libsane',
    ['1658', '1654', '163e', '1640', '1641', '1659'],
    'DR-C225, DR-F120, DR-M160, DR-C125, DR-P215, DR-P215II',
  ),
  // 04a9 is also Canon's printers: only these product ids are scanners.
  e(
    '04a9',
    'scanner',
    'Canon',
    'libsane',
    ['1601', '1606', '1608'],
    'DR-2080C, DR-5010C, DR-2580C',
  ),
  e(
    '04c5',
    'scanner',
    'Fujitsu / PFU',
    'libsane',
    ['132e', '132f', '114d', '132b', '11a2'],
    'fi-7160, fi-7260, fi-6140, ScanSnap iX500, S1500',
  ),
  // 04b8 is also Epson's printers: only these product ids are scanners.
  e(
    '04b8',
    'scanner',
    'Epson',
    'libsane',
    ['014c', '0154', '0155', '0182', '0159'],
    'DS-510, DS-520, DS-530, DS-530II, DS-310',
  ),
  e('07b3', 'scanner', 'Plustek', 'libsane', ['0413'], 'OpticSlim 1200'),
  e('0638', 'scanner', 'Avision', 'libsane', ['2e59'], 'AD345F'),
  e('040a', 'scanner', 'Kodak', 'libsane', ['6001', '6002', '6003', '6004', '6005'], 'i30–i80'),
  e('04f9', 'scanner', 'Brother', 'libsane', ['60a0', '60a1'], 'ADS-2000, ADS-2100'),
  // Smart-card readers (chip ID cards)
  e(
    '072f',
    'card_reader',
    'ACS',
    'libccid',
    ['9000', '90cc', 'b100', '2200', '223b', '223e'],
    'ACR38, ACR38U-CCID, ACR39U, ACR122U, ACR1252',
  ),
  e(
    '076b',
    'card_reader',
    'HID OMNIKEY',
    'libccid',
    ['3031', '3021', '5422', '5421', '5022'],
    'OMNIKEY 3x21, 5422, 5421, 5022',
  ),
  e(
    '04e6',
    'card_reader',
    'Identiv / SCM',
    'libccid',
    ['5116', '511f', '5810', '5790'],
    'SCR3310, uTrust 2700 R, uTrust 3700 F',
  ),
  e(
    '08e6',
    'card_reader',
    'Gemalto / Thales',
    'libccid',
    ['3437', '3438', '8141'],
    'IDBridge CT30, K30, K3000',
  ),
];

/** USB interface/device class codes (usb.org). */
export const USB_CLASS = {
  printer: 0x07,
  massStorage: 0x08,
  smartCard: 0x0b,
  video: 0x0e,
  vendorSpecific: 0xff,
} as const;

const NAME_PATTERNS: ReadonlyArray<readonly [RegExp, PeripheralCategory]> = [
  [/fingerprint|finger print|vân tay|biometric|u\.are\.u|hamster|biomini/i, 'fingerprint'],
  [/smart ?card|ccid|card ?reader|đầu đọc thẻ|omnikey|idbridge/i, 'card_reader'],
  [/scanner|scansnap|\bscan\b|máy quét/i, 'scanner'],
  [/printer|printing support|máy in|laserjet|deskjet/i, 'printer'],
  [/webcam|camera|\bcam\b/i, 'camera'],
];

const PNP_CLASSES: Readonly<Record<string, PeripheralCategory>> = {
  biometric: 'fingerprint',
  smartcardreader: 'card_reader',
  image: 'scanner',
  camera: 'camera',
  printer: 'printer',
};

const hex4 = (s: string) => s.toLowerCase().padStart(4, '0');

/** The catalog entry for this vid/pid (site entries first, so a site can override). */
export function findCatalogEntry(
  vid: string,
  pid: string,
  extra: readonly CatalogEntry[] = [],
): CatalogEntry | undefined {
  const v = hex4(vid);
  const p = hex4(pid);
  const match = (c: CatalogEntry) =>
    hex4(c.vid) === v && (c.pids === undefined || c.pids.some((x) => hex4(x) === p));
  return extra.find(match) ?? PERIPHERAL_CATALOG.find(match);
}

/**
 * Category of one USB device: the id table first (it is the only reliable source for
 * vendor-specific class 0xFF devices), then Windows' PnP class, then the USB class codes,
 * then the name. Unknown devices are `other`.
 */
export function classifyUsbDevice(
  dev: UsbDeviceInfo,
  extra: readonly CatalogEntry[] = [],
): { category: PeripheralCategory; by: ClassifiedBy; entry?: CatalogEntry } {
  const entry = findCatalogEntry(dev.vid, dev.pid, extra);
  if (entry) return { category: entry.category, by: 'id', entry };
  const pnp = dev.pnpClass ? PNP_CLASSES[dev.pnpClass.toLowerCase()] : undefined;
  // Windows reports most scanners as "Image", webcams too: the name decides between them.
  if (pnp && !(pnp === 'scanner' && /webcam|camera/i.test(dev.product ?? ''))) {
    return { category: pnp, by: 'pnp_class' };
  }
  const classes = [
    ...(dev.deviceClass !== undefined && dev.deviceClass !== 0 ? [dev.deviceClass] : []),
    ...(dev.interfaceClasses ?? []),
  ];
  if (classes.includes(USB_CLASS.smartCard))
    return { category: 'card_reader', by: 'interface_class' };
  if (classes.includes(USB_CLASS.printer)) return { category: 'printer', by: 'interface_class' };
  if (classes.includes(USB_CLASS.video)) return { category: 'camera', by: 'interface_class' };
  const name = `${dev.vendor ?? ''} ${dev.product ?? ''}`;
  for (const [pattern, category] of NAME_PATTERNS) {
    if (pattern.test(name)) return { category, by: 'name' };
  }
  return { category: 'other', by: 'none' };
}

/** Categories a ward workstation must have (DESIGN §4), in display order. */
export const REQUIRED_PERIPHERALS = ['fingerprint', 'scanner', 'card_reader'] as const;
