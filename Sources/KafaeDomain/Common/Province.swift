/// Thailand's 77 provinces (76 changwat and Bangkok), English and Thai names.
///
/// Source: the Royal Institute's romanization as used by the Department of Provincial Administration
/// (English names), and the official Thai names. Matching ignores case, spaces, hyphens, dots and a
/// leading "จังหวัด" / "Changwat", and accepts the common older spellings listed as aliases.
public struct Province: Sendable, Hashable {
    public let nameEn: String
    public let nameTh: String
    let aliases: [String]

    public static let all: [Province] = [
        Province(nameEn: "Bangkok", nameTh: "กรุงเทพมหานคร", aliases: ["krungthep", "krungthepmahanakhon", "bangkokmetropolis", "กรุงเทพ", "กทม"]),
        Province(nameEn: "Amnat Charoen", nameTh: "อำนาจเจริญ", aliases: []),
        Province(nameEn: "Ang Thong", nameTh: "อ่างทอง", aliases: []),
        Province(nameEn: "Bueng Kan", nameTh: "บึงกาฬ", aliases: ["buengkarn"]),
        Province(nameEn: "Buriram", nameTh: "บุรีรัมย์", aliases: []),
        Province(nameEn: "Chachoengsao", nameTh: "ฉะเชิงเทรา", aliases: []),
        Province(nameEn: "Chai Nat", nameTh: "ชัยนาท", aliases: ["chainart"]),
        Province(nameEn: "Chaiyaphum", nameTh: "ชัยภูมิ", aliases: []),
        Province(nameEn: "Chanthaburi", nameTh: "จันทบุรี", aliases: []),
        Province(nameEn: "Chiang Mai", nameTh: "เชียงใหม่", aliases: []),
        Province(nameEn: "Chiang Rai", nameTh: "เชียงราย", aliases: []),
        Province(nameEn: "Chonburi", nameTh: "ชลบุรี", aliases: []),
        Province(nameEn: "Chumphon", nameTh: "ชุมพร", aliases: ["chumpon"]),
        Province(nameEn: "Kalasin", nameTh: "กาฬสินธุ์", aliases: []),
        Province(nameEn: "Kamphaeng Phet", nameTh: "กำแพงเพชร", aliases: []),
        Province(nameEn: "Kanchanaburi", nameTh: "กาญจนบุรี", aliases: []),
        Province(nameEn: "Khon Kaen", nameTh: "ขอนแก่น", aliases: []),
        Province(nameEn: "Krabi", nameTh: "กระบี่", aliases: []),
        Province(nameEn: "Lampang", nameTh: "ลำปาง", aliases: []),
        Province(nameEn: "Lamphun", nameTh: "ลำพูน", aliases: []),
        Province(nameEn: "Loei", nameTh: "เลย", aliases: []),
        Province(nameEn: "Lopburi", nameTh: "ลพบุรี", aliases: []),
        Province(nameEn: "Mae Hong Son", nameTh: "แม่ฮ่องสอน", aliases: []),
        Province(nameEn: "Maha Sarakham", nameTh: "มหาสารคาม", aliases: []),
        Province(nameEn: "Mukdahan", nameTh: "มุกดาหาร", aliases: []),
        Province(nameEn: "Nakhon Nayok", nameTh: "นครนายก", aliases: []),
        Province(nameEn: "Nakhon Pathom", nameTh: "นครปฐม", aliases: []),
        Province(nameEn: "Nakhon Phanom", nameTh: "นครพนม", aliases: []),
        Province(nameEn: "Nakhon Ratchasima", nameTh: "นครราชสีมา", aliases: ["korat", "khorat", "โคราช"]),
        Province(nameEn: "Nakhon Sawan", nameTh: "นครสวรรค์", aliases: []),
        Province(nameEn: "Nakhon Si Thammarat", nameTh: "นครศรีธรรมราช", aliases: []),
        Province(nameEn: "Nan", nameTh: "น่าน", aliases: []),
        Province(nameEn: "Narathiwat", nameTh: "นราธิวาส", aliases: []),
        Province(nameEn: "Nong Bua Lamphu", nameTh: "หนองบัวลำภู", aliases: []),
        Province(nameEn: "Nong Khai", nameTh: "หนองคาย", aliases: []),
        Province(nameEn: "Nonthaburi", nameTh: "นนทบุรี", aliases: []),
        Province(nameEn: "Pathum Thani", nameTh: "ปทุมธานี", aliases: []),
        Province(nameEn: "Pattani", nameTh: "ปัตตานี", aliases: []),
        Province(nameEn: "Phang Nga", nameTh: "พังงา", aliases: []),
        Province(nameEn: "Phatthalung", nameTh: "พัทลุง", aliases: []),
        Province(nameEn: "Phayao", nameTh: "พะเยา", aliases: []),
        Province(nameEn: "Phetchabun", nameTh: "เพชรบูรณ์", aliases: []),
        Province(nameEn: "Phetchaburi", nameTh: "เพชรบุรี", aliases: []),
        Province(nameEn: "Phichit", nameTh: "พิจิตร", aliases: []),
        Province(nameEn: "Phitsanulok", nameTh: "พิษณุโลก", aliases: []),
        Province(nameEn: "Phra Nakhon Si Ayutthaya", nameTh: "พระนครศรีอยุธยา", aliases: ["ayutthaya", "อยุธยา"]),
        Province(nameEn: "Phrae", nameTh: "แพร่", aliases: []),
        Province(nameEn: "Phuket", nameTh: "ภูเก็ต", aliases: []),
        Province(nameEn: "Prachinburi", nameTh: "ปราจีนบุรี", aliases: []),
        Province(nameEn: "Prachuap Khiri Khan", nameTh: "ประจวบคีรีขันธ์", aliases: []),
        Province(nameEn: "Ranong", nameTh: "ระนอง", aliases: []),
        Province(nameEn: "Ratchaburi", nameTh: "ราชบุรี", aliases: []),
        Province(nameEn: "Rayong", nameTh: "ระยอง", aliases: []),
        Province(nameEn: "Roi Et", nameTh: "ร้อยเอ็ด", aliases: []),
        Province(nameEn: "Sa Kaeo", nameTh: "สระแก้ว", aliases: ["sakaew"]),
        Province(nameEn: "Sakon Nakhon", nameTh: "สกลนคร", aliases: []),
        Province(nameEn: "Samut Prakan", nameTh: "สมุทรปราการ", aliases: []),
        Province(nameEn: "Samut Sakhon", nameTh: "สมุทรสาคร", aliases: []),
        Province(nameEn: "Samut Songkhram", nameTh: "สมุทรสงคราม", aliases: []),
        Province(nameEn: "Saraburi", nameTh: "สระบุรี", aliases: []),
        Province(nameEn: "Satun", nameTh: "สตูล", aliases: []),
        Province(nameEn: "Sing Buri", nameTh: "สิงห์บุรี", aliases: []),
        Province(nameEn: "Sisaket", nameTh: "ศรีสะเกษ", aliases: []),
        Province(nameEn: "Songkhla", nameTh: "สงขลา", aliases: []),
        Province(nameEn: "Sukhothai", nameTh: "สุโขทัย", aliases: []),
        Province(nameEn: "Suphan Buri", nameTh: "สุพรรณบุรี", aliases: []),
        Province(nameEn: "Surat Thani", nameTh: "สุราษฎร์ธานี", aliases: []),
        Province(nameEn: "Surin", nameTh: "สุรินทร์", aliases: []),
        Province(nameEn: "Tak", nameTh: "ตาก", aliases: []),
        Province(nameEn: "Trang", nameTh: "ตรัง", aliases: []),
        Province(nameEn: "Trat", nameTh: "ตราด", aliases: []),
        Province(nameEn: "Ubon Ratchathani", nameTh: "อุบลราชธานี", aliases: []),
        Province(nameEn: "Udon Thani", nameTh: "อุดรธานี", aliases: []),
        Province(nameEn: "Uthai Thani", nameTh: "อุทัยธานี", aliases: []),
        Province(nameEn: "Uttaradit", nameTh: "อุตรดิตถ์", aliases: []),
        Province(nameEn: "Yala", nameTh: "ยะลา", aliases: []),
        Province(nameEn: "Yasothon", nameTh: "ยโสธร", aliases: []),
    ]

    private static let index: [String: Province] = {
        var map: [String: Province] = [:]
        for p in all {
            for key in [p.nameEn, p.nameTh] + p.aliases { map[normalize(key)] = p }
        }
        return map
    }()

    /// Finds a province by its English or Thai name, or a known alias.
    public static func find(_ name: String) -> Province? { index[normalize(name)] }

    static func normalize(_ s: String) -> String {
        var t = s.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["จังหวัด", "จ.", "changwat ", "province of "] where t.hasPrefix(prefix) {
            t = String(t.dropFirst(prefix.count))
        }
        if t.hasSuffix(" province") { t = String(t.dropLast(" province".count)) }
        return String(t.unicodeScalars.filter { !" -._'’".unicodeScalars.contains($0) }.map(Character.init))
    }
}

import Foundation
