/** The 23 ward-level units of Quảng Ngãi city as of 2022 (DESIGN §9): the demo's city. */
export const QUANG_NGAI_WARDS = [
  { id: 'le-hong-phong', name: 'Phường Lê Hồng Phong' },
  { id: 'tran-phu', name: 'Phường Trần Phú' },
  { id: 'quang-phu', name: 'Phường Quảng Phú' },
  { id: 'nghia-chanh', name: 'Phường Nghĩa Chánh' },
  { id: 'tran-hung-dao', name: 'Phường Trần Hưng Đạo' },
  { id: 'nguyen-nghiem', name: 'Phường Nguyễn Nghiêm' },
  { id: 'nghia-lo', name: 'Phường Nghĩa Lộ' },
  { id: 'chanh-lo', name: 'Phường Chánh Lộ' },
  { id: 'truong-quang-trong', name: 'Phường Trương Quang Trọng' },
  { id: 'tinh-an-tay', name: 'Xã Tịnh Ấn Tây' },
  { id: 'tinh-an-dong', name: 'Xã Tịnh Ấn Đông' },
  { id: 'tinh-an', name: 'Xã Tịnh An' },
  { id: 'tinh-long', name: 'Xã Tịnh Long' },
  { id: 'tinh-khe', name: 'Xã Tịnh Khê' },
  { id: 'tinh-hoa', name: 'Xã Tịnh Hòa' },
  { id: 'tinh-ky', name: 'Xã Tịnh Kỳ' },
  { id: 'tinh-chau', name: 'Xã Tịnh Châu' },
  { id: 'tinh-thien', name: 'Xã Tịnh Thiện' },
  { id: 'nghia-dong', name: 'Xã Nghĩa Dõng' },
  { id: 'nghia-dung', name: 'Xã Nghĩa Dũng' },
  { id: 'nghia-ha', name: 'Xã Nghĩa Hà' },
  { id: 'nghia-phu', name: 'Xã Nghĩa Phú' },
  { id: 'nghia-an', name: 'Xã Nghĩa An' },
] as const;

/**
 * The central systems a ward depends on (DESIGN §9). The demo and the tests point them at
 * loopback stand-ins; a real deployment sets the real hosts through the API.
 */
export const CENTRAL_SYSTEMS = [
  { id: 'csdlqg', name: 'CSDLQG về dân cư (cổng kết nối)' },
  { id: 'dvc-quoc-gia', name: 'Cổng DVC quốc gia' },
  { id: 'dvc-bca', name: 'Cổng DVC Bộ Công an' },
  { id: 'vneid', name: 'VNeID' },
  { id: 'ho-tich', name: 'Hệ thống hộ tịch' },
  { id: 'gateway', name: 'Gateway của xã/phường' },
] as const;
