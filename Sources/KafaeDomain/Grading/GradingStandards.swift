/// The standards Kafae ships with.
public enum GradingStandards {
    static func d(_ key: String, _ th: String, _ en: String, _ category: Int, _ per: Int) -> DefectType {
        DefectType(key: key, label: .init(th: th, en: en), category: category, perFullDefect: per)
    }

    static let category1: [DefectType] = [
        d("fullBlack", "เมล็ดดำทั้งเมล็ด", "Full black", 1, 1),
        d("fullSour", "เมล็ดเปรี้ยวทั้งเมล็ด", "Full sour", 1, 1),
        d("driedCherry", "ผลแห้ง/เชอร์รี่แห้ง", "Dried cherry/pod", 1, 1),
        d("fungusDamaged", "เมล็ดขึ้นรา", "Fungus damaged", 1, 1),
        d("foreignMatter", "สิ่งแปลกปลอม", "Foreign matter", 1, 1),
        d("severeInsectDamage", "แมลงกัดรุนแรง", "Severe insect damage", 1, 5),
    ]

    static func category2(sixth: DefectType) -> [DefectType] {
        [
            d("partialBlack", "เมล็ดดำบางส่วน", "Partial black", 2, 3),
            d("partialSour", "เมล็ดเปรี้ยวบางส่วน", "Partial sour", 2, 3),
            d("parchment", "เมล็ดติดกะลา", "Parchment/pergamino", 2, 5),
            d("floater", "เมล็ดลอยน้ำ", "Floater", 2, 5),
            d("immature", "เมล็ดอ่อน/ไม่สุก", "Immature/unripe", 2, 5),
            d("withered", "เมล็ดเหี่ยว", "Withered", 2, 5),
            sixth,
            d("brokenChipped", "เมล็ดแตก/บิ่น/ถูกตัด", "Broken/chipped/cut", 2, 5),
            d("hullHusk", "เปลือก/กาก", "Hull/husk", 2, 5),
            d("slightInsectDamage", "แมลงกัดเล็กน้อย", "Slight insect damage", 2, 10),
        ]
    }

    /// SCA arabica green grading (350 g).
    ///
    /// Source: SCA Arabica Green Coffee Defect Handbook (full-defect equivalents, categories); SCAA green grading
    /// classes (Specialty: 0 Category 1 and ≤ 5 full defects, 0 quakers; Premium ≤ 8, ≤ 3 quakers; Exchange 9–23,
    /// ≤ 5 quakers; Below standard 24–86; Off grade > 86); moisture 10–12 % and water activity < 0.70 per the SCA
    /// green coffee standards (2018).
    public static let scaArabica = GradingStandard(
        id: "scaArabica",
        name: .init(th: "SCA อาราบิก้า", en: "SCA arabica"),
        sampleG: 350,
        defects: category1 + category2(sixth: d("shell", "เมล็ดเปลือกหอย", "Shell", 2, 5)),
        grades: [
            GradeClass(key: "specialty", label: .init(th: "เกรดพิเศษ (Specialty)", en: "Specialty"),
                       maxCategory1: 0, maxCategory2: 5, maxTotal: 5, maxQuakers: 0, requiresPhysicalChecks: true),
            GradeClass(key: "premium", label: .init(th: "พรีเมียม", en: "Premium"),
                       maxCategory1: nil, maxCategory2: nil, maxTotal: 8, maxQuakers: 3, requiresPhysicalChecks: false),
            GradeClass(key: "exchange", label: .init(th: "เกรดตลาด (Exchange)", en: "Exchange"),
                       maxCategory1: nil, maxCategory2: nil, maxTotal: 23, maxQuakers: 5, requiresPhysicalChecks: false),
            GradeClass(key: "belowStandard", label: .init(th: "ต่ำกว่ามาตรฐาน", en: "Below standard"),
                       maxCategory1: nil, maxCategory2: nil, maxTotal: 86, maxQuakers: nil, requiresPhysicalChecks: false),
            GradeClass(key: "offGrade", label: .init(th: "นอกเกรด", en: "Off grade"),
                       maxCategory1: nil, maxCategory2: nil, maxTotal: nil, maxQuakers: nil, requiresPhysicalChecks: false),
        ],
        moistureRange: 10...12,
        waterActivityBelow: 0.70,
        source: "SCA Arabica Green Coffee Defect Handbook; SCAA green grading classes; SCA green coffee standards (2018)"
    )

    /// CQI/UCDA Fine Robusta green grading (350 g): the arabica table with chalky white in place of shell.
    ///
    /// Source: CQI & UCDA, Fine Robusta Standards and Protocols (2010): Fine = 0 Category 1 and ≤ 5 full defects;
    /// Premium ≤ 8 full defects; otherwise off grade. Quaker limits follow the arabica classes (Kafae's choice,
    /// kept in this data so a co-op can change it).
    public static let fineRobusta = GradingStandard(
        id: "fineRobusta",
        name: .init(th: "Fine Robusta (CQI)", en: "CQI Fine Robusta"),
        sampleG: 350,
        defects: category1 + category2(sixth: d("chalkyWhite", "เมล็ดขาวขุ่น (chalky white)", "Chalky white", 2, 5)),
        grades: [
            GradeClass(key: "fine", label: .init(th: "Fine Robusta", en: "Fine"),
                       maxCategory1: 0, maxCategory2: 5, maxTotal: 5, maxQuakers: 0, requiresPhysicalChecks: true),
            GradeClass(key: "premium", label: .init(th: "พรีเมียม", en: "Premium"),
                       maxCategory1: nil, maxCategory2: nil, maxTotal: 8, maxQuakers: 3, requiresPhysicalChecks: false),
            GradeClass(key: "offGrade", label: .init(th: "นอกเกรด", en: "Off grade"),
                       maxCategory1: nil, maxCategory2: nil, maxTotal: nil, maxQuakers: nil, requiresPhysicalChecks: false),
        ],
        moistureRange: 10...12,
        waterActivityBelow: 0.70,
        source: "CQI & UCDA, Fine Robusta Standards and Protocols (2010)"
    )

    public static let all: [GradingStandard] = [scaArabica, fineRobusta]

    public static func standard(_ id: String) -> GradingStandard? { all.first { $0.id == id } }
}
