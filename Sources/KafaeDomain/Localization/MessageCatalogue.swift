/// Thai and English text for every error code and field issue.
///
/// Every `KafaeError.code` thrown anywhere must have an entry here; a test walks the catalogue and
/// checks that both languages are present and that placeholders match.
public enum MessageCatalogue {
    /// An error's HTTP status and its text in both languages. `{name}` placeholders are filled from params.
    public struct Entry: Sendable {
        public let status: Int
        public let th: String
        public let en: String
    }

    public static let errors: [String: Entry] = [
        // Request shape
        "request.malformed_json": .init(status: 400, th: "เนื้อหาคำขอไม่ใช่ JSON ที่ถูกต้อง", en: "The request body is not valid JSON"),
        "request.body_required": .init(status: 400, th: "คำขอต้องมีเนื้อหา JSON", en: "The request needs a JSON body"),
        "request.not_object": .init(status: 400, th: "เนื้อหาคำขอต้องเป็นออบเจกต์ JSON", en: "The request body must be a JSON object"),
        "request.body_too_large": .init(status: 413, th: "เนื้อหาคำขอใหญ่เกิน {max} ไบต์", en: "The request body is larger than {max} bytes"),
        "request.invalid": .init(status: 422, th: "ข้อมูลไม่ถูกต้อง: {field}", en: "Invalid input: {field}"),
        "request.invalid_query": .init(status: 400, th: "พารามิเตอร์ไม่ถูกต้อง: {field}", en: "Invalid query parameter: {field}"),
        "request.invalid_id": .init(status: 404, th: "ไม่พบรายการ: รหัสไม่ถูกต้อง", en: "Not found: the id is not valid"),
        "request.unsupported_media_type": .init(status: 415, th: "ต้องส่งข้อมูลเป็น application/json", en: "The body must be application/json"),
        "request.bad_request": .init(status: 400, th: "คำขอไม่ถูกต้อง", en: "Bad request"),
        "request.invalid_host": .init(status: 400, th: "ส่วนหัว Host ต้องเป็นชื่อโฮสต์ที่ถูกต้อง (ชื่อโฮสต์หรือที่อยู่ IP และพอร์ต)", en: "The Host header must be a valid host name (a host name or IP address, and a port)"),
        "request.precondition_failed": .init(status: 412, th: "ข้อมูลถูกแก้ไขไปแล้ว (เวอร์ชันปัจจุบัน {version}) กรุณาโหลดใหม่", en: "The record has changed (current version {version}); reload it"),
        "record.concurrent_write": .init(status: 503, th: "มีการแก้ไขรายการนี้พร้อมกัน กรุณาลองอีกครั้ง", en: "The record was being changed at the same moment; try again"),
        "record.exists": .init(status: 409, th: "มีรายการที่ใช้รหัสนี้อยู่แล้ว", en: "A record with this id already exists"),
        "route.not_found": .init(status: 404, th: "ไม่พบเส้นทางนี้", en: "No such route"),
        "route.method_not_allowed": .init(status: 405, th: "ไม่รองรับเมธอดนี้สำหรับเส้นทางนี้", en: "This method is not allowed on this route"),
        // Authentication
        "auth.unauthenticated": .init(status: 401, th: "กรุณาเข้าสู่ระบบ", en: "Authentication is required"),
        "auth.token_invalid": .init(status: 401, th: "โทเคนไม่ถูกต้องหรือหมดอายุ", en: "The access token is invalid or has expired"),
        "auth.invalid_credentials": .init(status: 401, th: "อีเมลหรือรหัสผ่านไม่ถูกต้อง", en: "Wrong e-mail or password"),
        "auth.refresh_invalid": .init(status: 401, th: "โทเคนรีเฟรชไม่ถูกต้อง หมดอายุ หรือถูกเพิกถอน กรุณาเข้าสู่ระบบใหม่", en: "The refresh token is invalid, expired or revoked; please sign in again"),
        "auth.refresh_reused": .init(status: 401, th: "มีการใช้โทเคนรีเฟรชซ้ำ ระบบได้เพิกถอนการเข้าสู่ระบบนี้ทั้งหมดเพื่อความปลอดภัย กรุณาเข้าสู่ระบบใหม่", en: "A refresh token was used twice; every session of this sign-in has been revoked for safety. Please sign in again"),
        "auth.email_taken": .init(status: 409, th: "อีเมลนี้ถูกใช้แล้ว", en: "This e-mail is already registered"),
        "auth.forbidden": .init(status: 403, th: "บทบาท {role} ไม่มีสิทธิ์ทำรายการนี้", en: "The {role} role may not do this"),
        "auth.api_key_forbidden": .init(status: 403, th: "คีย์ API นี้ไม่มีสิทธิ์ทำรายการนี้", en: "This API key may not do this"),
        "auth.not_member": .init(status: 403, th: "คุณไม่ได้เป็นสมาชิกขององค์กรนี้", en: "You are not a member of this organization"),
        "auth.user_only": .init(status: 403, th: "รายการนี้ต้องทำโดยผู้ใช้ ไม่ใช่คีย์ API", en: "This needs a signed-in user, not an API key"),
        "rate.limited": .init(status: 429, th: "มีคำขอมากเกินไป กรุณาลองใหม่ใน {seconds} วินาที", en: "Too many requests; try again in {seconds} seconds"),
        // Organizations and members
        "organization.not_found": .init(status: 404, th: "ไม่พบองค์กร", en: "Organization not found"),
        "member.not_found": .init(status: 404, th: "ไม่พบสมาชิก", en: "Member not found"),
        "member.already_member": .init(status: 409, th: "ผู้ใช้นี้เป็นสมาชิกอยู่แล้ว", en: "This user is already a member"),
        "member.last_owner": .init(status: 409, th: "องค์กรต้องมีเจ้าของอย่างน้อยหนึ่งคน", en: "The organization must keep at least one owner"),
        "member.owner_only": .init(status: 403, th: "เฉพาะเจ้าของเท่านั้นที่จัดการบทบาทเจ้าของได้", en: "Only an owner can grant, change or remove the owner role"),
        "invitation.not_found": .init(status: 404, th: "ไม่พบคำเชิญ หรือคำเชิญหมดอายุแล้ว", en: "Invitation not found or expired"),
        "invitation.email_mismatch": .init(status: 403, th: "คำเชิญนี้ส่งถึงอีเมลอื่น", en: "This invitation was sent to another e-mail"),
        "apikey.not_found": .init(status: 404, th: "ไม่พบคีย์ API", en: "API key not found"),
        // Records
        "farm.not_found": .init(status: 404, th: "ไม่พบฟาร์ม", en: "Farm not found"),
        // Coffee science
        "cupping.unknown_protocol": .init(status: 422, th: "ไม่รู้จักแบบฟอร์มคัปปิ้ง {protocol} (มี: {allowed})", en: "Unknown cupping protocol {protocol} (known: {allowed})"),
        "grading.unknown_standard": .init(status: 422, th: "ไม่รู้จักมาตรฐานการคัดเกรด {standard} (มี: {allowed})", en: "Unknown grading standard {standard} (known: {allowed})"),
        "roast.empty_file": .init(status: 400, th: "ไฟล์บันทึกการคั่วว่างเปล่า", en: "The roast log is empty"),
        "roast.unreadable_file": .init(status: 422, th: "อ่านไฟล์ Artisan ไม่ได้ (ตำแหน่ง {offset}) ต้องเป็นไฟล์ .alog", en: "The Artisan file cannot be read (at byte {offset}); it must be an .alog file"),
        "roast.no_samples": .init(status: 422, th: "บันทึกการคั่วไม่มีข้อมูลอุณหภูมิเมล็ด", en: "The roast log has no bean temperature samples"),
        "roast.no_charge": .init(status: 422, th: "บันทึกการคั่วไม่ได้ระบุจุด CHARGE (ใส่เมล็ด) จึงคำนวณเวลาไม่ได้", en: "The roast log has no CHARGE mark, so times cannot be computed"),
        "roast.bad_field": .init(status: 422, th: "ข้อมูล {field} ในบันทึกการคั่วไม่ถูกต้อง", en: "The roast log's {field} is malformed"),
        "roast.too_many_samples": .init(status: 413, th: "บันทึกการคั่วมีข้อมูลได้ไม่เกิน {max} จุด", en: "A roast log may hold at most {max} samples"),
        "lot.not_found": .init(status: 404, th: "ไม่พบล็อต", en: "Lot not found"),
        "lot.code_sequence_full": .init(status: 409, th: "รหัสล็อตอัตโนมัติที่ขึ้นต้นด้วย {prefix} ใช้ครบแล้ว กรุณากำหนดรหัสเอง", en: "Automatic lot codes starting {prefix} are used up; give the lot a code"),
        "lot.code_taken": .init(status: 409, th: "รหัสล็อต {code} ถูกใช้แล้ว", en: "Lot code {code} is already used"),
        "lot.insufficient_weight": .init(status: 409, th: "ล็อต {code} มีน้ำหนักเหลือ {available} กก. แต่ขอใช้ {requested} กก.", en: "Lot {code} holds {available} kg but {requested} kg was asked for"),
        "lot.weight_unknown": .init(status: 409, th: "ล็อต {code} ไม่ได้ระบุน้ำหนัก จึงตัดน้ำหนักไม่ได้", en: "Lot {code} has no weight recorded, so nothing can be taken from it"),
        "lot.has_descendants": .init(status: 409, th: "ลบล็อตนี้ไม่ได้ เพราะมีล็อตที่แยกออกไปอีก {count} ล็อต", en: "This lot cannot be deleted: {count} lots were made from it"),
        "grading.not_found": .init(status: 404, th: "ไม่พบผลการคัดเกรด", en: "Grading not found"),
        "cuppingSession.not_found": .init(status: 404, th: "ไม่พบรอบคัปปิ้ง", en: "Cupping session not found"),
        "cuppingScore.not_found": .init(status: 404, th: "ไม่พบใบคะแนน", en: "Score sheet not found"),
        "cupping.session_has_scores": .init(status: 409, th: "ลบรอบคัปปิ้งไม่ได้ เพราะมีใบคะแนน {count} ใบ", en: "This session has {count} score sheets and cannot be deleted"),
        "cupping.duplicate_score": .init(status: 409, th: "ผู้ชิมนี้ให้คะแนนตัวอย่าง {code} แล้ว", en: "This cupper already scored sample {code}"),
        "roastBatch.not_found": .init(status: 404, th: "ไม่พบรอบการคั่ว", en: "Roast batch not found"),
        "cupper.not_found": .init(status: 404, th: "ไม่พบผู้ชิม", en: "Cupper not found"),
        "passport.not_found": .init(status: 404, th: "ไม่พบหนังสือเดินทางคุณภาพ", en: "Quality passport not found"),
        "passport.link_too_long": .init(status: 400, th: "ลิงก์หนังสือเดินทางคุณภาพยาว {bytes} ไบต์ เกินกว่าที่คิวอาร์โค้ดรองรับ ({max} ไบต์) กรุณาใช้ชื่อโฮสต์ที่สั้นลงหรือตั้งค่า KAFAE_PUBLIC_URL", en: "The quality passport link is {bytes} bytes, more than a QR code holds ({max}); use a shorter host name or set KAFAE_PUBLIC_URL"),
        "import.empty": .init(status: 422, th: "ไฟล์ว่างเปล่าหรือไม่มีหัวตาราง", en: "The file is empty or has no header row"),
        "import.bad_row": .init(status: 422, th: "อ่านแถวนี้ไม่ได้", en: "This row cannot be read"),
        "import.species": .init(status: 422, th: "ชนิดกาแฟต้องเป็น Arabica หรือ Robusta (คอลัมน์ {column})", en: "Species must be Arabica or Robusta (column {column})"),
        "import.missing_column": .init(status: 422, th: "ไม่มีคอลัมน์ {column}", en: "Column {column} is missing"),
        "import.not_a_number": .init(status: 422, th: "คอลัมน์ {column} ไม่ใช่ตัวเลข", en: "Column {column} is not a number"),
        "import.out_of_range": .init(status: 422, th: "ค่าในคอลัมน์ {column} อยู่นอกช่วงที่เป็นไปได้", en: "Column {column} is out of range"),
        "import.no_score": .init(status: 422, th: "แถวนี้ไม่มีคะแนนรวม ({column} เป็น 0)", en: "This row has no score ({column} is 0)"),
        "import.too_many_rows": .init(status: 413, th: "นำเข้าได้ครั้งละไม่เกิน {max} แถว กรุณาแบ่งไฟล์", en: "An import may hold at most {max} rows; split the file"),
        "import.too_many_columns": .init(status: 413, th: "แต่ละแถวมีได้ไม่เกิน {max} คอลัมน์ (บรรทัด {line})", en: "A row may have at most {max} columns (line {line})"),
        "backup.invalid": .init(status: 422, th: "ไฟล์สำรองข้อมูลไม่ถูกต้อง", en: "This is not a valid Kafae backup"),
        "backup.newer": .init(status: 422, th: "ไฟล์สำรองข้อมูลมาจาก Kafae รุ่นใหม่กว่า", en: "The backup comes from a newer Kafae"),
        "backup.exists": .init(status: 409, th: "มีองค์กรนี้อยู่แล้วบนเซิร์ฟเวอร์นี้", en: "This organization already exists on this server"),
        "backup.no_owner": .init(status: 422, th: "ไม่มีเจ้าขององค์กรหลังกู้คืน กรุณาระบุอีเมลเจ้าของ", en: "The restored organization would have no owner; name an owner's e-mail"),
        "sync.device_taken": .init(status: 403, th: "รหัสอุปกรณ์นี้เป็นของผู้ใช้อื่นในองค์กร อุปกรณ์แต่ละเครื่องต้องใช้รหัสของตัวเอง", en: "This device id belongs to another member of the organization; each device must use its own id"),
        "sync.too_many_mutations": .init(status: 413, th: "ส่งการเปลี่ยนแปลงได้ครั้งละไม่เกิน {max} รายการ (ส่งมา {count})", en: "At most {max} mutations per push ({count} sent)"),
        "sync.batch_not_consecutive": .init(status: 422, th: "ลำดับ seq ในชุดต้องต่อเนื่องกัน", en: "The seqs in a batch must be consecutive"),
        "sync.seq_gap": .init(status: 409, th: "ลำดับการเปลี่ยนแปลงขาดหาย: ต้องเริ่มที่ seq {expected} (ได้รับ {got})", en: "Mutations are missing: the next seq must be {expected} (got {got})"),
        "sync.reset": .init(status: 410, th: "ต้องซิงก์ใหม่ทั้งหมด ({reason}) รายการที่ยังไม่ได้ส่งจะยังอยู่", en: "This device must sync from the start ({reason}); its unsent changes are kept"),
        "sync.conflict_not_found": .init(status: 404, th: "ไม่พบรายการที่ขัดแย้ง หรือได้รับการแก้ไขแล้ว", en: "Conflict not found or already settled"),
        // Server
        "service.unavailable": .init(status: 503, th: "ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่", en: "The service is temporarily unavailable; please try again"),
        "internal.error": .init(status: 500, th: "เกิดข้อผิดพลาดภายในระบบ", en: "Internal error"),
    ]

    /// Text for a field issue; `{field}` and the issue's params are filled in.
    public static let fieldIssues: [String: (th: String, en: String)] = [
        "required": ("ต้องระบุ {field}", "{field} is required"),
        "unknown": ("ไม่รู้จักฟิลด์ {field}", "{field} is not a known field"),
        "type": ("{field} ต้องเป็นชนิด {type}", "{field} must be a {type}"),
        "range": ("{field} ต้องอยู่ระหว่าง {min} ถึง {max}", "{field} must be between {min} and {max}"),
        "tooLong": ("{field} ยาวได้ไม่เกิน {max} ตัวอักษร", "{field} must be at most {max} characters"),
        "tooShort": ("{field} ต้องยาวอย่างน้อย {min} ตัวอักษร", "{field} must be at least {min} characters"),
        "oneOf": ("{field} ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {allowed}", "{field} must be one of: {allowed}"),
        "format": ("{field} ต้องอยู่ในรูปแบบ {format}", "{field} must be a valid {format}"),
        "blank": ("{field} ต้องไม่ว่าง", "{field} must not be blank"),
        "pair": ("{field} ต้องระบุคู่กับ {other}", "{field} must be given together with {other}"),
        "step": ("{field} ต้องเป็นค่าทีละ {step}", "{field} must be in steps of {step}"),
        "cupsTotal": ("{field}: {fields} รวมกันต้องไม่เกิน {cups} ถ้วย", "{field}: {fields} together cannot exceed {cups} cups"),
        "duplicate": ("{field} ซ้ำกัน", "{field} appears twice"),
        "immutable": ("{field} แก้ไขไม่ได้หลังจากสร้างแล้ว", "{field} cannot change once the record exists"),
        "reference": ("{field} ไม่ตรงกับ {entity} ใดขององค์กรนี้", "{field} does not name a {entity} of this organization"),
        "stock": ("{field} มากกว่าน้ำหนักที่มีอยู่", "{field} is more than the weight available"),
        "taken": ("{field} ถูกใช้แล้วในองค์กรนี้", "{field} is already used in this organization"),
        "greenLot": ("{field} ต้องเป็นล็อตสารกาแฟ (green)", "{field} must be a green-coffee lot"),
        "province": ("{field} ต้องเป็นชื่อจังหวัดของไทย (ไทยหรืออังกฤษ) หรือระบุ country สำหรับแหล่งต่างประเทศ", "{field} must be a Thai province (Thai or English name), or give a country for a foreign origin"),
    ]

    /// The message for an error in one language.
    public static func message(for error: KafaeError, in language: Language) -> String {
        let entry = errors[error.code] ?? errors["internal.error"]!
        return fill(language == .th ? entry.th : entry.en, error.params)
    }

    /// The message for a field issue in one language.
    public static func message(for issue: FieldIssue, in language: Language) -> String {
        guard let texts = fieldIssues[issue.code] else { return issue.field }
        var params = issue.params
        params["field"] = issue.field
        return fill(language == .th ? texts.th : texts.en, params)
    }

    static func fill(_ template: String, _ params: [String: String]) -> String {
        var out = template
        for (k, v) in params { out = out.replacingOccurrences(of: "{\(k)}", with: v) }
        return out
    }
}

import Foundation
