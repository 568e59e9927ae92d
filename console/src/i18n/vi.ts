/**
 * Vietnamese, the default language. This catalog defines the keys; `en.ts` must have the same.
 * `{name}` placeholders are filled by `fill()`.
 */
export const vi = {
  'app.name': 'WardWatch',
  'app.tagline': 'Giám sát đường truyền, phiên và thiết bị Đề án 06',
  'lang.label': 'Ngôn ngữ',
  'lang.vi': 'VI',
  'lang.en': 'EN',
  'lang.viName': 'Tiếng Việt',
  'lang.enName': 'English',
  'auth.logout': 'Đăng xuất',
  'auth.signedInAs': 'Đăng nhập: {username} ({role})',
  'role.admin': 'quản trị',
  'role.officer': 'cán bộ xã, phường',
  'role.viewer': 'lãnh đạo',
  'login.title': 'Đăng nhập',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.submitting': 'Đang đăng nhập…',
  'login.invalid': 'Sai tên đăng nhập hoặc mật khẩu.',
  'login.expired': 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
  'error.network': 'Không kết nối được máy chủ. Vui lòng thử lại.',
  'error.generic': 'Đã có lỗi xảy ra: {message}',
  'app.loading': 'Đang tải…',
  'board.title': 'Các xã, phường',
  'board.summaryLabel': 'Toàn thành phố',
  'board.summary': '{online}/{total} trạm trực tuyến',
  'board.wardSummary': '{online}/{total} trực tuyến',
  'board.search': 'Tìm xã, phường',
  'board.searchPlaceholder': 'Nhập tên xã, phường…',
  'board.noMatch': 'Không có xã, phường nào khớp với “{query}”.',
  'board.noWards': 'Chưa có xã, phường nào.',
  'board.noStations': 'Chưa có trạm nào được đăng ký.',
  'board.connecting': 'Đang kết nối dữ liệu trực tiếp…',
  'board.liveLost':
    'Mất kết nối trực tiếp tới máy chủ. Đang thử kết nối lại… Số liệu bên dưới có thể đã cũ.',
  'board.loadFailed': 'Không tải được danh sách xã, phường.',
  'station.online': 'Trực tuyến',
  'station.offline': 'Mất kết nối',
  'station.hostname': 'Máy trạm',
  'station.lastSeen': 'Lần cuối',
  'station.neverSeen': 'chưa từng kết nối',
  'station.latency': 'Độ trễ',
  'station.latencyValue': '{ms} ms',
  'station.noLatency': 'chưa có',
  'time.justNow': 'vừa xong',
  'sparkline.label': 'Độ trễ trong 1 giờ qua: trung bình {avg} ms, cao nhất {max} ms',
  'sparkline.empty': 'Chưa có số liệu độ trễ trong 1 giờ qua',
} as const;

export type MessageKey = keyof typeof vi;
/** A catalog: every key of the Vietnamese one, each a string. */
export type Catalog = { readonly [K in MessageKey]: string };
