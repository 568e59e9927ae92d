import { dateText, durationText, percentText, type EquipmentCategory } from '@wardwatch/shared';
import type { ReportIncidentRow } from '../../store/report-store.js';
import type { EvidenceReport } from './evidence-report.js';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const CATEGORY: Record<EquipmentCategory, string> = {
  workstation: 'Máy tính kết nối',
  fingerprint: 'Máy vân tay',
  scanner: 'Máy scan',
  card_reader: 'Đầu đọc thẻ',
};
const KIND: Record<string, string> = {
  station_offline: 'Máy trạm mất liên lạc',
  link_down: 'Mất kết nối',
  link_degraded: 'Kết nối chậm',
  session_unstable: 'Phiên kết nối chập chờn',
  peripheral_missing: 'Thiết bị ngoại vi bị ngắt',
  equipment_gap: 'Thiếu thiết bị',
  resource_saturated: 'Máy trạm quá tải',
};
const CAUSE: Record<string, string> = {
  upstream: 'Cấp trên',
  local_link: 'Tại đơn vị (đường truyền)',
  station_down: 'Tại đơn vị (máy trạm)',
  planned: 'Bảo trì theo kế hoạch',
  workstation: 'Máy trạm',
  unknown: 'Chưa xác định',
};
const MAX_INCIDENT_ROWS = 300;

/** Horizontal bars of office-hour downtime per ward (inline SVG: prints without JS). */
function downtimeChart(r: EvidenceReport): string {
  const rows = r.city.ranking.slice(0, 23);
  const max = Math.max(1, ...rows.map((x) => x.downtimeOfficeMs));
  const rowH = 16;
  const labelW = 190;
  const barW = 420;
  const h = rows.length * rowH + 24;
  const bars = rows
    .map((x, i) => {
      const y = i * rowH + 4;
      const w = Math.round((barW * x.downtimeOfficeMs) / max);
      return `<text x="${labelW - 6}" y="${y + 11}" text-anchor="end">${esc(x.name)}</text>
<rect x="${labelW}" y="${y + 2}" width="${w}" height="${rowH - 5}" fill="#b3261e"/>
<text x="${labelW + w + 4}" y="${y + 11}">${esc(durationText(x.downtimeOfficeMs, 'vi'))}</text>`;
    })
    .join('\n');
  return `<svg class="chart" role="img" aria-label="Thời gian gián đoạn trong giờ hành chính" viewBox="0 0 ${labelW + barW + 90} ${h}" width="100%" font-size="10" font-family="serif">
<line x1="${labelW}" y1="0" x2="${labelW}" y2="${h - 20}" stroke="#333"/>
${bars}
</svg>`;
}

function causeChart(r: EvidenceReport): string {
  const { upstreamMs, localMs, otherMs } = r.city.causes;
  const total = upstreamMs + localMs + otherMs;
  if (total === 0) return '';
  const parts = [
    ['Cấp trên', upstreamMs, '#1d4ed8'],
    ['Tại đơn vị', localMs, '#b3261e'],
    ['Khác', otherMs, '#888'],
  ] as const;
  let x = 0;
  const segs = parts
    .map(([label, ms, color]) => {
      const w = (600 * ms) / total;
      const s = `<rect x="${x}" y="0" width="${w}" height="18" fill="${color}"/>${
        w > 60
          ? `<text x="${x + 4}" y="13" fill="#fff">${label} ${percentText(ms / total, 'vi', 0)}</text>`
          : ''
      }`;
      x += w;
      return s;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 600 18" width="100%" font-size="10" font-family="serif">${segs}</svg>`;
}

const pct = (v: number) => percentText(v, 'vi');
const dur = (ms: number) => durationText(ms, 'vi');

/** The printable A4 report (Vietnamese, the city's document layout). */
export function renderEvidenceHtml(
  r: EvidenceReport,
  incidents: readonly ReportIncidentRow[],
): string {
  const off = r.utcOffsetMinutes;
  const fromD = dateText(r.from, off);
  const toD = dateText(r.to - 1, off);
  const today = new Date(r.generatedAt + off * 60_000);
  const c = r.city;
  const names = new Map(r.wards.map((w) => [w.wardId, w.name]));
  const wardRows = r.wards
    .map(
      (w) => `<tr><td>${esc(w.name)}</td><td class="n">${pct(w.availability.officeHours)}</td>
<td class="n">${pct(w.availability.allHours)}</td><td class="n">${dur(w.downtimeMs.officeHours)}</td>
<td class="n">${dur(w.downtimeMs.allHours)}</td><td class="n">${w.outages}</td>
<td class="n">${dur(w.longestDowntimeMs)}</td><td class="n">${w.mttrMs === null ? '—' : dur(w.mttrMs)}</td>
<td class="n">${w.sessionDrops.perOfficeDay.toFixed(2).replace('.', ',')}</td>
<td class="n">${dur(w.workstationOnMs.officeHours)}</td>
<td class="n">${(w.saturationOfficeHours.cpu + w.saturationOfficeHours.mem + w.saturationOfficeHours.disk).toFixed(1).replace('.', ',')}</td></tr>`,
    )
    .join('\n');
  const targetRows = r.wards
    .flatMap((w) =>
      w.targets.map(
        (
          t,
        ) => `<tr><td>${esc(w.name)}</td><td>${esc(t.target)}</td><td class="n">${pct(t.availability.officeHours)}</td>
<td class="n">${pct(t.availability.allHours)}</td><td class="n">${dur(t.downtimeMs.officeHours)}</td>
<td class="n">${t.latencyMs.p50 ?? '—'}</td><td class="n">${t.latencyMs.p95 ?? '—'}</td></tr>`,
      ),
    )
    .join('\n');
  const equipRows = r.wards
    .map(
      (w) =>
        `<tr><td>${esc(w.name)}</td>${w.equipment
          .map(
            (e) =>
              `<td class="n${e.everSeen < e.required ? ' short' : ''}">${e.presentNow}/${e.required} (${e.everSeen})<br><small>${e.connectedOfficeHoursPct.toFixed(1).replace('.', ',')}%</small></td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  const shortfall = c.shortfall
    .map(
      (s) =>
        `<tr><td>${CATEGORY[s.category]}</td><td class="n">${s.wardsShort}/${s.wardsTotal}</td><td>${s.wardIds.map((id) => esc(names.get(id) ?? id)).join(', ') || '—'}</td></tr>`,
    )
    .join('\n');
  const shown = incidents.slice(0, MAX_INCIDENT_ROWS);
  const incidentRows = shown
    .map(
      (i) =>
        `<tr><td>${esc(names.get(i.wardId) ?? i.wardId)}</td><td>${esc(KIND[i.kind] ?? i.kind)}</td><td>${esc(i.target ?? i.resource ?? '')}</td>
<td>${esc(CAUSE[i.attribution] ?? i.attribution)}</td><td>${new Date(i.startedAt + off * 60_000).toISOString().slice(0, 16).replace('T', ' ')}</td>
<td class="n">${i.endedAt === null ? 'đang diễn ra' : dur(i.endedAt - i.startedAt)}</td></tr>`,
    )
    .join('\n');
  const trend =
    c.downtimeChangePct === null
      ? '—'
      : `${c.downtimeChangePct >= 0 ? '+' : ''}${c.downtimeChangePct.toFixed(1).replace('.', ',')}%`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Báo cáo tình trạng kết nối ${fromD} – ${toD}</title>
<style>
@page { size: A4; margin: 15mm 15mm 15mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt; color: #000; margin: 0; }
.head { width: 100%; border-collapse: collapse; margin-bottom: 8mm; }
.head td { border: 0; text-align: center; vertical-align: top; font-size: 12pt; padding: 0; }
.head .left { width: 42%; }
.head hr { width: 35%; margin: 2px auto; border: 0; border-top: 1px solid #000; }
h1 { text-align: center; font-size: 14pt; margin: 4mm 0; }
h1 small { font-weight: normal; font-style: italic; font-size: 12pt; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
p { text-align: justify; margin: 1mm 0; }
table.t { width: 100%; border-collapse: collapse; font-size: 9.5pt; margin: 2mm 0; }
table.t th, table.t td { border: 1px solid #000; padding: 1.2mm 1.5mm; vertical-align: top; }
table.t th { background: #eee; }
table.t thead { display: table-header-group; }
table.t tr { break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; }
td.short { background: #f6d5d3; }
.narrative { white-space: pre-wrap; }
.page-break { break-before: page; }
.chart { display: block; margin: 2mm 0; }
.note { font-size: 9pt; color: #333; }
</style></head>
<body>
<table class="head"><tr>
<td class="left">CÔNG AN TỈNH QUẢNG NGÃI<br><b>CÔNG AN THÀNH PHỐ QUẢNG NGÃI</b><hr></td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><hr>
<i>Quảng Ngãi, ngày ${today.getUTCDate()} tháng ${today.getUTCMonth() + 1} năm ${today.getUTCFullYear()}</i></td>
</tr></table>
<h1>BÁO CÁO<br>Tình trạng đường truyền, trang thiết bị kết nối Hệ thống Cơ sở dữ liệu quốc gia về dân cư tại Công an các xã, phường<br><small>(Từ ngày ${fromD} đến ngày ${toD})</small></h1>

<h2>I. TỔNG HỢP TOÀN THÀNH PHỐ</h2>
<table class="t" data-table="city"><tbody>
<tr><td>Số đơn vị</td><td class="n">${c.wardCount}</td><td>Số giờ hành chính trong kỳ</td><td class="n">${dur(c.officeHoursMs)}</td></tr>
<tr><td>Tỷ lệ sẵn sàng bình quân (giờ hành chính)</td><td class="n">${pct(c.availability.officeHours)}</td><td>Tỷ lệ sẵn sàng bình quân (24 giờ)</td><td class="n">${pct(c.availability.allHours)}</td></tr>
<tr><td>Tổng thời gian gián đoạn (giờ hành chính)</td><td class="n">${dur(c.downtimeMs.officeHours)}</td><td>So với kỳ trước</td><td class="n">${trend}</td></tr>
<tr><td>Do cấp trên</td><td class="n">${c.causes.upstreamShare === null ? '—' : pct(c.causes.upstreamShare)}</td><td>Do tại đơn vị</td><td class="n">${c.causes.localShare === null ? '—' : pct(c.causes.localShare)}</td></tr>
<tr><td>Tổng số sự cố</td><td class="n">${c.incidents.total}</td><td>Quá tải máy trạm (giờ, CPU/bộ nhớ/ổ đĩa)</td><td class="n">${[c.saturationOfficeHours.cpu, c.saturationOfficeHours.mem, c.saturationOfficeHours.disk].map((v) => v.toFixed(1).replace('.', ',')).join(' / ')}</td></tr>
</tbody></table>
<p><b>Thời gian gián đoạn trong giờ hành chính theo đơn vị</b></p>
${downtimeChart(r)}
<p><b>Nguyên nhân gián đoạn (giờ hành chính)</b></p>
${causeChart(r)}

<h2>II. KHÓ KHĂN, VƯỚNG MẮC</h2>
<p class="narrative" data-narrative="vi">${esc(r.narrative.vi)}</p>
<p class="narrative note" lang="en" data-narrative="en">${esc(r.narrative.en)}</p>

<h2 class="page-break">III. CHI TIẾT THEO ĐƠN VỊ</h2>
<table class="t" data-table="wards"><thead><tr><th>Đơn vị</th><th>Sẵn sàng (giờ HC)</th><th>Sẵn sàng (24 giờ)</th><th>Gián đoạn (giờ HC)</th><th>Gián đoạn (24 giờ)</th><th>Số lần</th><th>Dài nhất</th><th>Khắc phục TB</th><th>Rớt phiên / ngày</th><th>Máy bật (giờ HC)</th><th>Quá tải (giờ)</th></tr></thead>
<tbody>${wardRows}</tbody></table>

<h2>IV. TRANG THIẾT BỊ</h2>
<table class="t" data-table="shortfall"><thead><tr><th>Thiết bị</th><th>Số đơn vị chưa có</th><th>Đơn vị</th></tr></thead><tbody>${shortfall}</tbody></table>
<table class="t" data-table="equipment"><thead><tr><th>Đơn vị</th>${(['workstation', 'fingerprint', 'scanner', 'card_reader'] as const).map((k) => `<th>${CATEGORY[k]}</th>`).join('')}</tr></thead>
<tbody>${equipRows}</tbody></table>
<p class="note">Hiện có/yêu cầu (đã từng ghi nhận); dòng dưới: tỷ lệ giờ hành chính thiết bị được kết nối.</p>

<h2 class="page-break">V. ĐƯỜNG TRUYỀN THEO DỊCH VỤ</h2>
<table class="t" data-table="targets"><thead><tr><th>Đơn vị</th><th>Dịch vụ</th><th>Sẵn sàng (giờ HC)</th><th>Sẵn sàng (24 giờ)</th><th>Gián đoạn (giờ HC)</th><th>Độ trễ trung vị (ms)</th><th>Độ trễ p95 (ms)</th></tr></thead>
<tbody>${targetRows}</tbody></table>

<h2>VI. DANH SÁCH SỰ CỐ</h2>
<table class="t" data-table="incidents"><thead><tr><th>Đơn vị</th><th>Loại</th><th>Dịch vụ</th><th>Nguyên nhân</th><th>Bắt đầu</th><th>Thời gian</th></tr></thead>
<tbody>${incidentRows}</tbody></table>
${incidents.length > shown.length ? `<p class="note">… và ${incidents.length - shown.length} sự cố khác (xem tệp CSV).</p>` : ''}
<p class="note">Số liệu do hệ thống WardWatch tổng hợp từ sự cố và số liệu đo; giờ hành chính theo lịch làm việc; múi giờ ${esc(r.timeZone)}. Thời gian trong khung bảo trì theo kế hoạch không tính vào gián đoạn.</p>
</body></html>
`;
}
