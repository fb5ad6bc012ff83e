//! The plan as written in TOML: one struct per table, keys in Vietnamese
//! without diacritics. Nothing here is derived; numbering, totals and the
//! words on the page are computed later by `compose`.
//!
//! Fields that `check` must point at carry their source span (`Spanned`), so a
//! diagnostic can name the line and column of the offending value.
//!
//! The `///` comments on tables and keys are in Vietnamese because they are
//! the format reference: `schemars` reads them into the JSON Schema (hover
//! help in the editor) and `plan::reference` prints docs/dinh-dang.md from
//! it. A new key is documented by its comment here, nowhere else.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

/// A TOML date as written (`2026-01-24`); validated by `check`.
pub type TomlDate = toml::value::Datetime;

/// A TOML local date as a checked calendar date.
pub fn toml_date(value: &TomlDate) -> Option<crate::text::Date> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let date = value.date?;
    crate::text::Date::new(i32::from(date.year), date.month, date.day)
}

/// Một tệp kế hoạch. Các khóa cấp ngoài cùng (`can_cu`, `mo_dau`, `ket_luan`) phải đứng trước mọi tiêu đề bảng `[..]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Thông tin văn bản: cơ quan ban hành, số, ngày, trích yếu. Bắt buộc.
    pub van_ban: Header,
    /// Các căn cứ, mỗi câu một dòng in nghiêng ("Căn cứ …" hoặc "Thực hiện …"); dấu ";" cuối câu do chương trình thêm. Bỏ trống thì kế hoạch không có phần căn cứ. Ví dụ: `can_cu = ["Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub can_cu: Vec<Spanned<String>>,
    /// Câu mở đầu trước phần I (Markdown); dấu ":" do chương trình thêm. Mặc định: câu mở đầu của loại kế hoạch (`mo-dau.md.j2`). Ví dụ: `mo_dau = "Ủy ban nhân dân xã Quảng Ngọc ban hành Kế hoạch với các nội dung sau"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub mo_dau: Option<Spanned<String>>,
    /// Các phần của kế hoạch, đánh số I, II, III … theo thứ tự.
    #[serde(default)]
    pub phan: Vec<Section>,
    /// Câu kết (Markdown); "./." do chương trình thêm. Mặc định: câu kết của loại kế hoạch (`ket-luan.md.j2`). Ví dụ: `ket_luan = "Trên đây là Kế hoạch …"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ket_luan: Option<Spanned<String>>,
    /// Danh sách đơn vị; nơi khác gọi đơn vị bằng `id`, không gõ lại tên.
    #[serde(default)]
    pub don_vi: Vec<Unit>,
    /// Nhóm chỉ tiêu ("I. Nhóm chỉ tiêu …" trong phụ lục); chỉ tiêu chọn nhóm bằng `nhom`.
    #[serde(default)]
    pub nhom_chi_tieu: Vec<Group>,
    /// Các chỉ tiêu, đánh số 1, 2, 3 … theo thứ tự. Kế hoạch không có chỉ tiêu thì bỏ hẳn.
    #[serde(default)]
    pub chi_tieu: Vec<Indicator>,
    /// Nhóm nhiệm vụ ("I. Văn bản chỉ đạo"); nhiệm vụ chọn nhóm bằng `nhom`.
    #[serde(default)]
    pub nhom_nhiem_vu: Vec<Group>,
    /// Các nhiệm vụ, đánh số trong nhóm của mình.
    #[serde(default)]
    pub nhiem_vu: Vec<Task>,
    /// Người ký. Bắt buộc.
    pub nguoi_ky: Signer,
    /// Nơi nhận, mỗi bảng một dòng; dòng cuối "- Lưu: VT, …" do chương trình thêm, không gõ.
    #[serde(default)]
    pub noi_nhan: Vec<Recipient>,
    /// Các phụ lục, đánh số I, II … theo thứ tự; mỗi phụ lục là một bảng lấy từ dữ liệu kế hoạch.
    #[serde(default)]
    pub phu_luc: Vec<Appendix>,
    /// Where the `[van_ban]` header stands, for problems of the header as a
    /// whole (set by the loader; a table's own span is its header line).
    #[serde(skip)]
    pub header_span: std::ops::Range<usize>,
}

/// Thông tin văn bản `[van_ban]`: ai ban hành, số, địa danh, ngày, trích yếu.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Loại kế hoạch, tên một thư mục mẫu (xem `kehoach templates`); quyết định câu mở đầu, câu kết và các khối `chen`. Bắt buộc. Ví dụ: `loai = "chi-tieu"`.
    #[schemars(with = "String")]
    pub loai: Spanned<String>,
    /// Tên xã, không có chữ "xã"; đi vào tên cơ quan ban hành ("XÃ QUẢNG NGỌC"), địa danh, câu mở đầu, câu kết và mỗi dòng "Kèm theo". Bắt buộc. Ví dụ: `xa = "Quảng Ngọc"`.
    #[schemars(with = "String")]
    pub xa: Spanned<String>,
    /// Tên tỉnh, cho các câu có nêu tên tỉnh. Ví dụ: `tinh = "Thanh Hóa"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub tinh: Option<Spanned<String>>,
    /// Cơ quan chủ quản, in trên tên cơ quan ban hành (UBND xã thì không có). Ví dụ: `co_quan_chu_quan = "UBND HUYỆN A"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub co_quan_chu_quan: Option<Spanned<String>>,
    /// Tên cơ quan ban hành, mỗi phần tử một dòng in hoa. Mặc định: "ỦY BAN NHÂN DÂN" / "XÃ <XA>". Ví dụ: `co_quan = ["BAN CHỈ ĐẠO", "PHONG TRÀO THI ĐUA"]`.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub co_quan: Option<Spanned<Vec<String>>>,
    /// Số văn bản; bỏ trống khi chưa ký (dòng "Số:      /KH-UBND" để trống số). Ví dụ: `so = 28`.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub so: Option<Spanned<i64>>,
    /// Ký hiệu sau số văn bản. Bắt buộc. Ví dụ: `ky_hieu = "KH-UBND"` → "Số: 28/KH-UBND".
    #[schemars(with = "String")]
    pub ky_hieu: Spanned<String>,
    /// Địa danh ở dòng ngày tháng. Mặc định: tên xã. Ví dụ: `dia_danh = "Quảng Ngọc"` → "Quảng Ngọc, ngày 24 tháng 01 năm 2026".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub dia_danh: Option<Spanned<String>>,
    /// Ngày ký, viết `năm-tháng-ngày` không có ngoặc kép; bỏ trống khi chưa ký. Ví dụ: `ngay = 2026-01-24`.
    #[serde(default)]
    #[schemars(with = "Option<crate::plan::reference::DateSchema>")]
    pub ngay: Option<Spanned<TomlDate>>,
    /// Năm của kế hoạch; bắt buộc khi không có `ngay`, có `ngay` thì phải cùng năm. Ví dụ: `nam = 2026`.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub nam: Option<Spanned<i64>>,
    /// Tháng ký (1–12) khi chưa có ngày ký: dòng ngày in "ngày      tháng 12
    /// năm 2025", ngày để trống điền tay lúc ký; dòng "(Kèm theo …)" cũng vậy.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub thang: Option<Spanned<i64>>,
    /// Cách đánh số mục cấp ba (`##`) cho cả kế hoạch: "chu" (a), b) …, mặc
    /// định) hoặc "so" (5.1., 5.2. … dưới mục 5.); mỗi phần có thể chọn riêng.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub muc_con: Option<Spanned<String>>,
    /// Dòng dưới tên phụ lục ghi "(Ban hành kèm theo Kế hoạch số …)" thay cho
    /// "(Kèm theo Kế hoạch số …)", theo thói quen của một số cơ quan.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub ban_hanh_kem_theo: Option<Spanned<bool>>,
    /// Tên loại văn bản in trên trích yếu. Mặc định: "KẾ HOẠCH". Ví dụ: `ten_loai = "KẾ HOẠCH HÀNH ĐỘNG"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ten_loai: Option<Spanned<String>>,
    /// Trích yếu nội dung, viết hoa chữ đầu câu như câu thường; in đậm dưới tên loại. Bắt buộc. Ví dụ: `trich_yeu = "Thực hiện chỉ tiêu chữ ký số năm 2026"`.
    #[schemars(with = "String")]
    pub trich_yeu: Spanned<String>,
    /// `true`: in khung "DỰ THẢO" (văn bản đã có số và ngày thì không bao giờ in). Mặc định: `false`. Ví dụ: `du_thao = true`.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub du_thao: Option<Spanned<bool>>,
    /// Mã (`id`) đơn vị soạn thảo, cho dòng "- Lưu: VT, <viết tắt>." ở nơi nhận. Ví dụ: `don_vi_soan_thao = "vhxh"` → "- Lưu: VT, VHXH.".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub don_vi_soan_thao: Option<Spanned<String>>,
}

/// Một phần `[[phan]]` của kế hoạch: "I. MỤC ĐÍCH, YÊU CẦU" và nội dung của nó.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Tiêu đề phần; in hoa sau số La Mã. Bắt buộc. Ví dụ: `tieu_de = "Mục đích, yêu cầu"` → "I. MỤC ĐÍCH, YÊU CẦU".
    #[schemars(with = "String")]
    pub tieu_de: Spanned<String>,
    /// Nội dung (Markdown): `#` là mục 1., 2. …; `##` là mục a), b) …; `###` là mục cấp dưới nữa; dòng `- ` là gạch đầu dòng (lồng vào thì thành `+`); `**đậm**`, `*nghiêng*`; `[](#mã-phụ-lục)` in ra "Phụ lục I". Không gõ số thứ tự bằng tay. Ví dụ: `noi_dung = """# Mục đích\n- Hoàn thành chỉ tiêu được giao."""`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub noi_dung: Option<Spanned<String>>,
    /// Khối tự sinh từ dữ liệu chèn sau `noi_dung`, tên một tệp trong `khoi/` của loại kế hoạch: `cach-thuc-chi-tieu` (mỗi chỉ tiêu một mục), `to-chuc-thuc-hien` (đơn vị nào chủ trì chỉ tiêu nào), `nhom-chi-tieu`, `lo-trinh`. Chỉ dùng khi kế hoạch có dữ liệu cho khối ấy. Ví dụ: `chen = "to-chuc-thuc-hien"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub chen: Option<Spanned<String>>,
    /// Nội dung (Markdown, như `noi_dung`) in sau khối `chen`. Ví dụ: `noi_dung_sau = "- Các đơn vị báo cáo kết quả trước ngày 15/12."`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub noi_dung_sau: Option<Spanned<String>>,
    /// Cách đánh số mục `##` của riêng phần này: "chu" (a), b) …) hoặc "so"
    /// (5.1., 5.2. …); mặc định theo `van_ban.muc_con`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub muc_con: Option<Spanned<String>>,
}

/// Một đơn vị `[[don_vi]]` (phòng, ban, tổ chức hay một tập thể), được gọi bằng `id`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Mã đơn vị, dùng ở `chu_tri`, `phoi_hop`, `don_vi_soan_thao`; chữ thường không dấu, nối bằng `-`. Bắt buộc. Ví dụ: `id = "vhxh"`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Tên đầy đủ như in ra. Bắt buộc. Ví dụ: `ten = "Phòng Văn hóa - Xã hội"`.
    #[schemars(with = "String")]
    pub ten: Spanned<String>,
    /// Viết tắt cho dòng "Lưu". Ví dụ: `viet_tat = "VHXH"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub viet_tat: Option<Spanned<String>>,
    /// `true`: một tập thể ("Các cơ quan, đơn vị có liên quan"), không có mục riêng ở "Tổ chức thực hiện" và không có dòng trong danh sách cán bộ. Mặc định: `false`. Ví dụ: `tap_the = true`.
    #[serde(default)]
    pub tap_the: bool,
    /// Nhiệm vụ riêng của đơn vị (Markdown), in dưới tên đơn vị ở "Tổ chức thực hiện". Ví dụ: `nhiem_vu = "- Tham mưu UBND xã tổ chức triển khai Kế hoạch."`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub nhiem_vu: Option<Spanned<String>>,
}

/// Một nhóm chỉ tiêu hoặc nhóm nhiệm vụ, đánh số I, II … trong phụ lục.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Mã nhóm, dùng ở `nhom` của chỉ tiêu hay nhiệm vụ. Bắt buộc. Ví dụ: `id = "kinh-te"`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Tên nhóm như in ra. Bắt buộc. Ví dụ: `ten = "Nhóm chỉ tiêu về kinh tế"`.
    #[schemars(with = "String")]
    pub ten: Spanned<String>,
}

/// Một chỉ tiêu `[[chi_tieu]]` (hoặc chỉ tiêu con `[[chi_tieu.con]]`, đánh số 3a, 3b …).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Mã chỉ tiêu. Bắt buộc. Ví dụ: `id = "chu-ky-so"`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Tên chỉ tiêu như in ra. Bắt buộc. Ví dụ: `ten = "Tỷ lệ người dân trưởng thành có chữ ký số"`.
    #[schemars(with = "String")]
    pub ten: Spanned<String>,
    /// Mã nhóm trong `[[nhom_chi_tieu]]`. Ví dụ: `nhom = "kinh-te"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub nhom: Option<Spanned<String>>,
    /// Đơn vị tính, cột "Đơn vị tính" của phụ lục. Ví dụ: `don_vi_tinh = "%"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub don_vi_tinh: Option<Spanned<String>>,
    /// Chỉ tiêu giao; bắt buộc trừ khi chỉ tiêu có chỉ tiêu con. Ví dụ: `chi_tieu_giao = { ty_le = 35.4 }` → "35,4%".
    #[serde(default)]
    #[schemars(with = "Option<Target>")]
    pub chi_tieu_giao: Option<Spanned<Target>>,
    /// Mã đơn vị chủ trì, một mã hoặc danh sách mã. Ví dụ: `chu_tri = "vhxh"` hoặc `chu_tri = ["kinh-te", "vhxh"]`.
    #[serde(default)]
    #[schemars(with = "Option<UnitRefs>")]
    pub chu_tri: Option<Spanned<UnitRefs>>,
    /// Mã các đơn vị phối hợp. Ví dụ: `phoi_hop = ["vien-thong"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub phoi_hop: Vec<Spanned<String>>,
    /// Mục đích; nhiều dòng thì mỗi dòng một gạch đầu dòng. Ví dụ: `muc_dich = "Tạo công cụ hỗ trợ người dân."`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub muc_dich: Option<Spanned<String>>,
    /// Cách thức thực hiện, mỗi phần tử một gạch đầu dòng (khối `cach-thuc-chi-tieu`). Ví dụ: `cach_thuc = ["Tuyên truyền về lợi ích của chữ ký số."]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub cach_thuc: Vec<Spanned<String>>,
    /// Phương pháp tính, nguồn số liệu; mỗi dòng in một dòng. Ví dụ: `phuong_phap = "Số người có chữ ký số / dân số trưởng thành"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub phuong_phap: Option<Spanned<String>>,
    /// Hướng dẫn thực hiện, mỗi phần tử một dòng. Ví dụ: `huong_dan = ["Theo Công văn số 12/SKHCN"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub huong_dan: Vec<Spanned<String>>,
    /// Văn bản liên quan (cột "Ghi chú"), mỗi phần tử một dòng. Ví dụ: `van_ban_lien_quan = ["Quyết định số 06/QĐ-TTg"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub van_ban_lien_quan: Vec<Spanned<String>>,
    /// Thời hạn: một ngày (in "Trước ngày 30/08/2026") hoặc một câu. Ví dụ: `han = 2026-08-30` hoặc `han = "Thực hiện thường xuyên"`.
    #[serde(default)]
    #[schemars(with = "Option<Deadline>")]
    pub han: Option<Spanned<Deadline>>,
    /// Cột ghi chú. Ví dụ: `ghi_chu = "Chỉ tiêu mới"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ghi_chu: Option<Spanned<String>>,
    /// Lý do điều chỉnh chỉ tiêu giao, in ở cột "Ghi chú" của phụ lục `dieu-chinh` khi chỉ tiêu này đổi so với bản gốc. Ví dụ: `ly_do_dieu_chinh = "Theo Công văn số 215/UBND-KGVX của UBND tỉnh"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ly_do_dieu_chinh: Option<Spanned<String>>,
    /// Chỉ tiêu giao theo các mốc năm (phụ lục `moc`, loại `hanh-dong`), năm tăng dần. Ví dụ: `moc = [{ nam = 2030, gia_tri = { toi_thieu = 85 } }]`.
    #[serde(default)]
    pub moc: Vec<Milestone>,
    /// Các chỉ tiêu con, đánh số 3a, 3b … dưới chỉ tiêu cha; viết `[[chi_tieu.con]]` ngay sau chỉ tiêu cha.
    #[serde(default)]
    pub con: Vec<Indicator>,
}

/// Chỉ tiêu giao ở một mốc năm.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Năm của mốc; mỗi năm khác nhau thành một cột "Năm …". Bắt buộc. Ví dụ: `nam = 2030`.
    #[schemars(with = "i64")]
    pub nam: Spanned<i64>,
    /// Chỉ tiêu giao ở mốc ấy, cùng dạng với `chi_tieu_giao`. Bắt buộc. Ví dụ: `gia_tri = { toi_thieu = 85 }` → "≥ 85%".
    #[schemars(with = "Target")]
    pub gia_tri: Spanned<Target>,
    /// Ghi chú của riêng mốc này, in dưới giá trị trong ô ("5G", "Duy trì").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ghi_chu: Option<Spanned<String>>,
}

/// Chỉ tiêu giao, ghi đúng một dạng: `{ ty_le = 35.4 }` → "35,4%"; `{ so = 2, don_vi = "mô hình" }` → "2 mô hình"; `{ tu = 2, den = 3, don_vi = "đơn/năm" }` → "2-3 đơn/năm"; `{ toi_thieu = 85 }` → "≥ 85%"; `{ toi_da = 5 }` → "≤ 5%"; `{ tren = 92 }` → "> 92%"; `{ duoi = 5 }` → "< 5%"; `{ chu = "Khuyến khích" }` → "Khuyến khích". Số thập phân viết dấu chấm (`2.26`), in ra dấu phẩy.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Tỷ lệ phần trăm. Ví dụ: `{ ty_le = 35.4 }` → "35,4%".
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub ty_le: Option<Spanned<f64>>,
    /// Một số, kèm `don_vi`. Ví dụ: `{ so = 2, don_vi = "mô hình" }` → "2 mô hình".
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub so: Option<Spanned<f64>>,
    /// Đầu dưới của một khoảng, đi cùng `den`. Ví dụ: `{ tu = 2, den = 3, don_vi = "đơn/năm" }` → "2-3 đơn/năm".
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub tu: Option<Spanned<f64>>,
    /// Đầu trên của một khoảng, đi cùng `tu`. Ví dụ: `{ tu = 2, den = 3 }` → "2-3%".
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub den: Option<Spanned<f64>>,
    /// Tối thiểu. Ví dụ: `{ toi_thieu = 85 }` → "≥ 85%".
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub toi_thieu: Option<Spanned<f64>>,
    /// Tối đa. Ví dụ: `{ toi_da = 5 }` → "≤ 5%".
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub toi_da: Option<Spanned<f64>>,
    /// Lớn hơn hẳn: `{ tren = 92 }` in "> 92%" (tỷ lệ khi không có `don_vi`).
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub tren: Option<Spanned<f64>>,
    /// Nhỏ hơn hẳn: `{ duoi = 5 }` in "< 5%" (tỷ lệ khi không có `don_vi`).
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub duoi: Option<Spanned<f64>>,
    /// Chỉ tiêu bằng chữ, in nguyên văn. Ví dụ: `{ chu = "Khuyến khích" }`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub chu: Option<Spanned<String>>,
    /// Đơn vị sau số; `toi_thieu`, `toi_da`, `tu`-`den` không có đơn vị thì là phần trăm. Ví dụ: `{ toi_thieu = 3, don_vi = "sản phẩm" }` → "≥ 3 sản phẩm".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub don_vi: Option<Spanned<String>>,
}

impl Target {
    /// How many forms are given (a checked target has exactly one);
    /// `tu` and `den` are one form together.
    pub fn forms_given(&self) -> usize {
        [
            self.ty_le.is_some(),
            self.so.is_some(),
            self.tu.is_some() || self.den.is_some(),
            self.toi_thieu.is_some(),
            self.toi_da.is_some(),
            self.tren.is_some(),
            self.duoi.is_some(),
            self.chu.is_some(),
        ]
        .iter()
        .filter(|given| **given)
        .count()
    }
}

/// A deadline: a date or a sentence ("Thực hiện thường xuyên").
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Deadline {
    Date(TomlDate),
    Text(String),
}

/// Một nhiệm vụ `[[nhiem_vu]]` (hoặc nhiệm vụ con `[[nhiem_vu.con]]`, đánh số 4.1, 4.2 …).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Mã nhiệm vụ (không bắt buộc). Ví dụ: `id = "chuyen-doi-so"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// Tên nhiệm vụ như in ra. Bắt buộc. Ví dụ: `ten = "Xây dựng kế hoạch chuyển đổi số"`.
    #[schemars(with = "String")]
    pub ten: Spanned<String>,
    /// Mã nhóm trong `[[nhom_nhiem_vu]]`. Ví dụ: `nhom = "van-ban"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub nhom: Option<Spanned<String>>,
    /// Mã đơn vị chủ trì, một mã hoặc danh sách mã. Ví dụ: `chu_tri = "vhxh"`.
    #[serde(default)]
    #[schemars(with = "Option<UnitRefs>")]
    pub chu_tri: Option<Spanned<UnitRefs>>,
    /// Mã các đơn vị phối hợp. Ví dụ: `phoi_hop = ["kinh-te"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub phoi_hop: Vec<Spanned<String>>,
    /// Thời gian thực hiện, in nguyên văn. Ví dụ: `thoi_gian = "Quý II/2026"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub thoi_gian: Option<Spanned<String>>,
    /// Kết quả dự kiến. Ví dụ: `ket_qua = "Kế hoạch được ban hành"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ket_qua: Option<Spanned<String>>,
    /// Dự kiến kinh phí, đơn vị triệu đồng, không âm, trong giới hạn ở mục "Giới hạn" (tính đúng từng đồng, không làm tròn); nhiệm vụ cha có nhiệm vụ con thì là tổng của chúng. Ví dụ: `kinh_phi = 150.5` → "150,5".
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub kinh_phi: Option<Spanned<crate::text::money::Money>>,
    /// Các nhiệm vụ con, đánh số 4.1, 4.2 … dưới nhiệm vụ cha; viết `[[nhiem_vu.con]]` ngay sau nhiệm vụ cha.
    #[serde(default)]
    pub con: Vec<Task>,
}

/// Người ký `[nguoi_ky]`: quyền hạn, chức vụ, họ tên.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Quyền hạn ký: `TM`, `KT`, `Q`, `TL`, `TUQ`; bỏ trống khi Chủ tịch ký. Ví dụ: `quyen_han = "KT"` → "KT. CHỦ TỊCH".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub quyen_han: Option<Spanned<String>>,
    /// Ký thay mặt ai, in sau quyền hạn. Mặc định: "ỦY BAN NHÂN DÂN" sau `TM`, "CHỦ TỊCH" sau các quyền hạn khác. Ví dụ: `thay_mat = "CHỦ TỊCH"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub thay_mat: Option<Spanned<String>>,
    /// Chức vụ người ký. Ví dụ: `chuc_vu = "PHÓ CHỦ TỊCH"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub chuc_vu: Option<Spanned<String>>,
    /// Họ tên người ký. Bắt buộc. Ví dụ: `ho_ten = "Lê Văn Trường"`.
    #[schemars(with = "String")]
    pub ho_ten: Spanned<String>,
}

/// Một dòng ở "Nơi nhận" `[[noi_nhan]]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Tên nơi nhận. Bắt buộc. Ví dụ: `ten = "Sở Khoa học và Công nghệ tỉnh"`.
    #[schemars(with = "String")]
    pub ten: Spanned<String>,
    /// Ghi chú trong ngoặc sau tên. Ví dụ: `ghi_chu = "b/c"` → "- Sở Khoa học và Công nghệ tỉnh (b/c);".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ghi_chu: Option<Spanned<String>>,
}

/// Một phụ lục `[[phu_luc]]`: một bảng lấy từ dữ liệu kế hoạch.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// Mã phụ lục, dùng trong lời văn `[](#mã)` → "Phụ lục I". Bắt buộc. Ví dụ: `id = "chi-tieu"`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Bảng gì: `chi-tieu`, `nhiem-vu`, `kinh-phi`, `moc`, `can-bo`, `dieu-chinh` (xem bảng các loại phụ lục). Bắt buộc. Ví dụ: `loai = "chi-tieu"`.
    #[schemars(with = "String")]
    pub loai: Spanned<String>,
    /// Tên phụ lục, in đậm dưới "PHỤ LỤC I". Bắt buộc. Ví dụ: `ten = "Chỉ tiêu giao về chữ ký số năm 2026"`.
    #[schemars(with = "String")]
    pub ten: Spanned<String>,
    /// Một dòng in đậm trên tên phụ lục. Ví dụ: `tieu_de = "DANH SÁCH"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub tieu_de: Option<Spanned<String>>,
    /// Các cột theo thứ tự (chỉ loại `chi-tieu`, `nhiem-vu`, `kinh-phi` chọn được cột). Mặc định: các cột mặc định của loại. Ví dụ: `cot = ["stt", "ten", "chi_tieu_giao", "chu_tri"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub cot: Vec<Spanned<String>>,
    /// Đổi tên tiêu đề cột, theo khóa cột. Ví dụ: `ten_cot = { chu_tri = "Cơ quan chủ trì" }`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub ten_cot: std::collections::BTreeMap<String, Spanned<String>>,
    /// `true`: in khổ ngang. Mặc định: theo loại (bảng rộng in ngang). Ví dụ: `ngang = true`.
    #[serde(default)]
    pub ngang: Option<bool>,
    /// Số dòng trống thêm cho mỗi đơn vị trong danh sách cán bộ (`can-bo`). Ví dụ: `dong_trong = 2`.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub dong_trong: Option<Spanned<i64>>,
    /// Tệp kế hoạch đã ban hành mà phụ lục `dieu-chinh` điều chỉnh: tên tệp `.toml`, tính từ thư mục của tệp này (không dùng đường dẫn tuyệt đối hay `..`, không theo liên kết tượng trưng dẫn ra ngoài thư mục ấy); số và ngày của bản gốc lấy từ `so`, `ngay` trong tệp đó, hoặc từ `so_ban_goc`, `ngay_ban_goc` khi tệp bản gốc vẫn là dự thảo. Bắt buộc với loại `dieu-chinh`. Ví dụ: `ban_goc = "quang-ngoc-2026.toml"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ban_goc: Option<Spanned<String>>,
    /// Số văn thư đã cấp cho bản gốc khi ký, nếu tệp bản gốc chưa ghi `so` (chỉ loại `dieu-chinh`). Tệp bản gốc đã có `so` thì không ghi khóa này. Ví dụ: `so_ban_goc = 28`.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub so_ban_goc: Option<Spanned<i64>>,
    /// Ngày ký bản gốc, viết `năm-tháng-ngày` không có ngoặc kép, nếu tệp bản gốc chưa ghi `ngay` (chỉ loại `dieu-chinh`). Tệp bản gốc đã có `ngay` thì không ghi khóa này. Ví dụ: `ngay_ban_goc = 2026-01-24`.
    #[serde(default)]
    #[schemars(with = "Option<crate::plan::reference::DateSchema>")]
    pub ngay_ban_goc: Option<Spanned<TomlDate>>,
    /// Lý do bãi bỏ, theo mã chỉ tiêu của bản gốc không còn trong tệp này (chỉ loại `dieu-chinh`); in ở cột Ghi chú sau "Bãi bỏ chỉ tiêu". Ví dụ: `ly_do_bai_bo = { khoi-nghiep = "Theo Công văn số 1520/SKHCN-CNTT&CĐS ngày 02/6/2026" }`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub ly_do_bai_bo: std::collections::BTreeMap<String, Spanned<String>>,
}

/// One or several unit ids: `chu_tri = "vhxh"` or `chu_tri = ["kt", "ttpvhcc"]`.
#[derive(Debug, Clone)]
pub struct UnitRefs(Vec<Spanned<String>>);

impl UnitRefs {
    /// The ids with their source spans; a lone string takes the span of
    /// the whole value (`field`).
    pub fn ids(field: &Spanned<UnitRefs>) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> {
        field.get_ref().0.iter().map(move |id| {
            let span = if id.span().is_empty() {
                field.span()
            } else {
                id.span()
            };
            (id.get_ref().as_str(), span)
        })
    }
}

impl<'de> Deserialize<'de> for UnitRefs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RefsVisitor;
        impl<'de> Visitor<'de> for RefsVisitor {
            type Value = UnitRefs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a unit id or a list of unit ids")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UnitRefs, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<Spanned<String>>()? {
                    ids.push(id);
                }
                Ok(UnitRefs(ids))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<UnitRefs, E> {
                // A lone string has no span of its own here; `ids` lends it
                // the span of the whole value.
                Ok(UnitRefs(vec![Spanned::new(0..0, v.to_owned())]))
            }
        }
        deserializer.deserialize_any(RefsVisitor)
    }
}
