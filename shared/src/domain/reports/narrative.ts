import type { EquipmentCategory } from '../detector/policy.js';
import type { EvidenceFigures } from './evidence.js';

const CATEGORY_VI: Record<EquipmentCategory, string> = {
  workstation: 'máy tính kết nối Hệ thống',
  fingerprint: 'máy thu nhận vân tay',
  scanner: 'máy scan',
  card_reader: 'đầu đọc thẻ CCCD gắn chíp',
};
const CATEGORY_EN: Record<EquipmentCategory, string> = {
  workstation: 'a connected workstation',
  fingerprint: 'a fingerprint reader',
  scanner: 'a document scanner',
  card_reader: 'a chip ID card reader',
};

/** 1 h 05 min / 1 giờ 05 phút, from ms (rounded to the minute). */
export function durationText(ms: number, lang: 'vi' | 'en'): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'vi') return h > 0 ? `${h} giờ ${String(m).padStart(2, '0')} phút` : `${m} phút`;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** 99,25% (vi: decimal comma) / 99.25% from a ratio. */
export function percentText(ratio: number, lang: 'vi' | 'en', digits = 2): string {
  const s = (ratio * 100).toFixed(digits);
  return `${lang === 'vi' ? s.replace('.', ',') : s}%`;
}

/** dd/mm/yyyy of epoch ms in the city's offset. */
export function dateText(t: number, utcOffsetMinutes = 420): string {
  const d = new Date(t + utcOffsetMinutes * 60_000);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${d.getUTCFullYear()}`;
}

/**
 * The "Khó khăn, vướng mắc" paragraph for the monthly report, backed by the figures, in the
 * register of the city's own report (bulleted, "Công an xã, phường", "Hệ thống CSDLQG về DC").
 */
export function evidenceNarrative(
  f: EvidenceFigures,
  utcOffsetMinutes = 420,
): {
  vi: string;
  en: string;
} {
  const c = f.city;
  const fromD = dateText(f.from, utcOffsetMinutes);
  const toD = dateText(f.to - 1, utcOffsetMinutes);
  const worst = c.ranking.filter((r) => r.downtimeOfficeMs > 0).slice(0, 3);
  const affected = c.ranking.filter((r) => r.downtimeOfficeMs > 0).length;
  const vi: string[] = [];
  const en: string[] = [];

  if (c.downtimeMs.officeHours === 0) {
    vi.push(
      `- Trong kỳ báo cáo (từ ngày ${fromD} đến ngày ${toD}), đường truyền kết nối Hệ thống Cơ sở dữ liệu quốc gia về dân cư tại ${c.wardCount}/${c.wardCount} Công an xã, phường hoạt động ổn định, không ghi nhận gián đoạn trong giờ hành chính.`,
    );
    en.push(
      `- In the period (${fromD} to ${toD}) the links to the national population database at all ${c.wardCount} wards were stable, with no interruption during office hours.`,
    );
  } else {
    const up = c.causes.upstreamShare ?? 0;
    const local = c.causes.localShare ?? 0;
    vi.push(
      `- Trong kỳ báo cáo (từ ngày ${fromD} đến ngày ${toD}), đường truyền kết nối Hệ thống Cơ sở dữ liệu quốc gia về dân cư tại ${affected}/${c.wardCount} Công an xã, phường bị gián đoạn trong giờ hành chính với tổng thời gian ${durationText(c.downtimeMs.officeHours, 'vi')}; tỷ lệ sẵn sàng bình quân trong giờ hành chính đạt ${percentText(c.availability.officeHours, 'vi')}. ` +
        `Trong đó, ${percentText(up, 'vi', 0)} thời gian gián đoạn do sự cố từ hệ thống, đường truyền cấp trên; ${percentText(local, 'vi', 0)} do sự cố tại đơn vị (đường truyền nội bộ, mất điện, máy tính không hoạt động). ` +
        `Các đơn vị bị ảnh hưởng nhiều nhất: ${worst.map((w) => `${w.name} (${durationText(w.downtimeOfficeMs, 'vi')})`).join(', ')}.`,
    );
    en.push(
      `- In the period (${fromD} to ${toD}) the links to the national population database were interrupted during office hours at ${affected} of ${c.wardCount} wards, ${durationText(c.downtimeMs.officeHours, 'en')} in total; mean office-hour availability was ${percentText(c.availability.officeHours, 'en')}. ` +
        `${percentText(up, 'en', 0)} of the interruption time came from the central system or upstream lines, ${percentText(local, 'en', 0)} from faults at the ward (local line, power, workstation off). ` +
        `Most affected: ${worst.map((w) => `${w.name} (${durationText(w.downtimeOfficeMs, 'en')})`).join(', ')}.`,
    );
  }
  if (c.downtimeChangePct !== null) {
    const more = c.downtimeChangePct >= 0;
    const pct = Math.abs(c.downtimeChangePct).toFixed(1);
    vi.push(
      `  So với kỳ trước, thời gian gián đoạn trong giờ hành chính ${more ? 'tăng' : 'giảm'} ${pct.replace('.', ',')}%.`,
    );
    en.push(
      `  Compared with the previous period, office-hour interruption time ${more ? 'rose' : 'fell'} by ${pct}%.`,
    );
  }

  const short = c.shortfall.filter((s) => s.wardsShort > 0);
  if (short.length > 0) {
    vi.push(
      `- Về trang thiết bị: ${short.map((s) => `${s.wardsShort}/${s.wardsTotal} Công an xã, phường chưa được trang bị ${CATEGORY_VI[s.category]}`).join('; ')}. Việc thiếu thiết bị, máy móc phục vụ công tác làm ảnh hưởng đến hiệu quả công tác làm sạch dữ liệu dân cư và giải quyết hồ sơ cho công dân.`,
    );
    en.push(
      `- Equipment: ${short.map((s) => `${s.wardsShort}/${s.wardsTotal} wards have no ${CATEGORY_EN[s.category].replace(/^an? /, '')}`).join('; ')}. The missing equipment slows data cleaning and the handling of citizens' files.`,
    );
  }
  const sat = c.saturationOfficeHours;
  const satTotal = sat.cpu + sat.mem + sat.disk;
  if (satTotal > 0) {
    const parts = (names: Record<'cpu' | 'mem' | 'disk', string>, unit: string, comma: boolean) =>
      (['cpu', 'mem', 'disk'] as const)
        .filter((k) => sat[k] > 0)
        .map(
          (k) =>
            `${names[k]} ${comma ? sat[k].toFixed(1).replace('.', ',') : sat[k].toFixed(1)} ${unit}`,
        )
        .join(', ');
    vi.push(
      `- Máy tính kết nối Hệ thống hoạt động quá tải trong giờ hành chính (${parts({ cpu: 'CPU', mem: 'bộ nhớ', disk: 'ổ đĩa' }, 'giờ', true)}), ảnh hưởng đến tiến độ giải quyết thủ tục hành chính cho công dân.`,
    );
    en.push(
      `- The connected workstations were saturated during office hours (${parts({ cpu: 'CPU', mem: 'memory', disk: 'disk' }, 'h', false)}), slowing the handling of citizens' procedures.`,
    );
  }
  return { vi: vi.join('\n'), en: en.join('\n') };
}
