/// The cupping forms Kafae ships with.
public enum BuiltInForms {
    /// SCA(A) cupping form, 2004 revision.
    ///
    /// Source: SCAA Cupping Protocols (rev. 2004) and the SCAA Cupping Form: ten attributes; the seven quality
    /// attributes scored 6.00–10.00 in 0.25 steps; uniformity, clean cup and sweetness 2 points per cup of 5;
    /// defects = 2 × taint cups + 4 × fault cups; final score = total − defects.
    public static let sca2004 = CuppingForm(
        id: "sca2004",
        name: .init(th: "แบบฟอร์มคัปปิ้ง SCA 2004", en: "SCA 2004 cupping form"),
        cupsPerSample: 5,
        sections: [
            .quality("fragranceAroma", "กลิ่นหอม (ผงแห้ง/เปียก)", "Fragrance/Aroma", min: 6, max: 10, step: 0.25),
            .quality("flavor", "รสชาติ", "Flavor", min: 6, max: 10, step: 0.25),
            .quality("aftertaste", "รสที่ค้างในปาก", "Aftertaste", min: 6, max: 10, step: 0.25),
            .quality("acidity", "ความเปรี้ยว", "Acidity", min: 6, max: 10, step: 0.25),
            .quality("body", "บอดี้", "Body", min: 6, max: 10, step: 0.25),
            .quality("balance", "ความสมดุล", "Balance", min: 6, max: 10, step: 0.25),
            .quality("overall", "ภาพรวม", "Overall", min: 6, max: 10, step: 0.25),
            .cups("uniformCups", "ความสม่ำเสมอ (ถ้วย)", "Uniformity (cups)", cups: 5, points: 2),
            .cups("cleanCups", "ความสะอาด (ถ้วย)", "Clean cup (cups)", cups: 5, points: 2),
            .cups("sweetCups", "ความหวาน (ถ้วย)", "Sweetness (cups)", cups: 5, points: 2),
            .deduction("taintCups", "ถ้วยที่มีตำหนิเล็กน้อย (taint)", "Taint cups", cups: 5, points: 2),
            .deduction("faultCups", "ถ้วยที่มีข้อบกพร่อง (fault)", "Fault cups", cups: 5, points: 4),
        ],
        scoring: .sum,
        bands: [
            .init(key: "outstanding", min: 90, label: .init(th: "ยอดเยี่ยม", en: "Outstanding")),
            .init(key: "excellent", min: 85, label: .init(th: "ดีเยี่ยม", en: "Excellent")),
            .init(key: "veryGood", min: 80, label: .init(th: "ดีมาก", en: "Very good")),
            .init(key: "belowSpecialty", min: -.infinity, label: .init(th: "ต่ำกว่าเกรดพิเศษ", en: "Below specialty")),
        ],
        source: "SCAA Cupping Protocols, rev. 2004; SCAA Cupping Form"
    )

    /// SCA Coffee Value Assessment (CVA) 2024, affective assessment.
    ///
    /// Source: SCA CVA Cupping Form — Affective Assessment (2024): eight sections rated 1–9 (whole numbers);
    /// score S = 0.65625 × Σh + 52.75 − 2u − 4d, where u = non-uniform cups and d = defective cups, rounded to the
    /// nearest 0.25. All 5 → 79.00, all 7 → 89.50, all 9 → 100.00. Bands reuse the 100-point classes of SCA 2004.
    public static let cva2024 = CuppingForm(
        id: "cva2024",
        name: .init(th: "SCA CVA 2024 (ประเมินความชอบ)", en: "SCA CVA 2024 affective"),
        cupsPerSample: 5,
        sections: [
            .quality("fragrance", "กลิ่นผงแห้ง", "Fragrance", min: 1, max: 9, step: 1),
            .quality("aroma", "กลิ่นหลังชง", "Aroma", min: 1, max: 9, step: 1),
            .quality("flavor", "รสชาติ", "Flavor", min: 1, max: 9, step: 1),
            .quality("aftertaste", "รสที่ค้างในปาก", "Aftertaste", min: 1, max: 9, step: 1),
            .quality("acidity", "ความเปรี้ยว", "Acidity", min: 1, max: 9, step: 1),
            .quality("sweetness", "ความหวาน", "Sweetness", min: 1, max: 9, step: 1),
            .quality("mouthfeel", "สัมผัสในปาก", "Mouthfeel", min: 1, max: 9, step: 1),
            .quality("overall", "ภาพรวม", "Overall", min: 1, max: 9, step: 1),
            .deduction("nonUniformCups", "ถ้วยที่ไม่สม่ำเสมอ", "Non-uniform cups", cups: 5, points: 2),
            .deduction("defectiveCups", "ถ้วยที่มีข้อบกพร่อง", "Defective cups", cups: 5, points: 4),
        ],
        scoring: .linear(factor: 0.65625, offset: 52.75, roundTo: 0.25),
        bands: sca2004.bands,
        source: "SCA Coffee Value Assessment, Cupping Form: Affective Assessment (2024)"
    )

    /// Descriptors of the CVA 2024 descriptive assessment (check-all-that-apply).
    public static let cvaDescriptors = [
        "floral", "fruity", "berry", "driedFruit", "citrusFruit", "sourFermented", "greenVegetative", "chemical",
        "musty", "roasted", "cereal", "burnt", "nuttyCocoa", "nutty", "cocoa", "spice", "sweet", "vanilla", "brownSugar",
    ]

    /// SCA CVA 2024, descriptive assessment: intensities 0–15 and descriptors; no score.
    ///
    /// Source: SCA CVA Cupping Form — Descriptive Assessment (2024).
    public static let cva2024Descriptive = CuppingForm(
        id: "cva2024Descriptive",
        name: .init(th: "SCA CVA 2024 (ประเมินเชิงพรรณนา)", en: "SCA CVA 2024 descriptive"),
        cupsPerSample: 5,
        sections: [
            .intensity("fragrance", "ความเข้มกลิ่นผงแห้ง", "Fragrance intensity"),
            .intensity("aroma", "ความเข้มกลิ่นหลังชง", "Aroma intensity"),
            .intensity("flavor", "ความเข้มรสชาติ", "Flavor intensity"),
            .intensity("aftertaste", "ความเข้มรสที่ค้าง", "Aftertaste intensity"),
            .intensity("acidity", "ความเข้มความเปรี้ยว", "Acidity intensity"),
            .intensity("sweetness", "ความเข้มความหวาน", "Sweetness intensity"),
            .intensity("mouthfeel", "ความเข้มสัมผัสในปาก", "Mouthfeel intensity"),
            .descriptors("aromaDescriptors", "ลักษณะกลิ่น", "Fragrance/aroma descriptors", cvaDescriptors),
            .descriptors("flavorDescriptors", "ลักษณะรสชาติ", "Flavor/aftertaste descriptors", cvaDescriptors),
            .descriptors("mainTastes", "รสหลัก", "Main tastes", ["salty", "sour", "sweet", "bitter", "umami"]),
            .descriptors("mouthfeelDescriptors", "ลักษณะสัมผัส", "Mouthfeel descriptors",
                         ["rough", "oily", "smooth", "mouthDrying", "metallic"]),
        ],
        scoring: .none,
        bands: [],
        source: "SCA Coffee Value Assessment, Cupping Form: Descriptive Assessment (2024)"
    )

    /// CQI/UCDA Fine Robusta cupping form.
    ///
    /// Source: CQI & UCDA, Fine Robusta Standards and Protocols (2010), Robusta Cupping Form: ten attributes
    /// (fragrance/aroma, flavor, aftertaste, salt/acid, bitter/sweet, mouthfeel, balance, uniform cups, clean cups,
    /// overall); quality attributes 6.00–10.00 in 0.25 steps, 8.00 = "Fine"; cups 2 points each; the same taint
    /// (2) and fault (4) deductions; 80 points and above is Fine Robusta.
    public static let fineRobusta = CuppingForm(
        id: "fineRobusta",
        name: .init(th: "แบบฟอร์ม Fine Robusta (CQI)", en: "CQI Fine Robusta form"),
        cupsPerSample: 5,
        sections: [
            .quality("fragranceAroma", "กลิ่นหอม (ผงแห้ง/เปียก)", "Fragrance/Aroma", min: 6, max: 10, step: 0.25),
            .quality("flavor", "รสชาติ", "Flavor", min: 6, max: 10, step: 0.25),
            .quality("aftertaste", "รสที่ค้างในปาก", "Aftertaste", min: 6, max: 10, step: 0.25),
            .quality("saltAcid", "เค็ม/เปรี้ยว", "Salt/Acid", min: 6, max: 10, step: 0.25),
            .quality("bitterSweet", "ขม/หวาน", "Bitter/Sweet", min: 6, max: 10, step: 0.25),
            .quality("mouthfeel", "สัมผัสในปาก", "Mouthfeel", min: 6, max: 10, step: 0.25),
            .quality("balance", "ความสมดุล", "Balance", min: 6, max: 10, step: 0.25),
            .quality("overall", "ภาพรวม", "Overall", min: 6, max: 10, step: 0.25),
            .cups("uniformCups", "ความสม่ำเสมอ (ถ้วย)", "Uniform cups", cups: 5, points: 2),
            .cups("cleanCups", "ความสะอาด (ถ้วย)", "Clean cups", cups: 5, points: 2),
            .deduction("taintCups", "ถ้วยที่มีตำหนิเล็กน้อย (taint)", "Taint cups", cups: 5, points: 2),
            .deduction("faultCups", "ถ้วยที่มีข้อบกพร่อง (fault)", "Fault cups", cups: 5, points: 4),
        ],
        scoring: .sum,
        bands: [
            .init(key: "fine", min: 80, label: .init(th: "Fine Robusta", en: "Fine Robusta")),
            .init(key: "belowFine", min: -.infinity, label: .init(th: "ต่ำกว่าเกรด Fine", en: "Below Fine")),
        ],
        source: "CQI & UCDA, Fine Robusta Standards and Protocols (2010)"
    )

    /// A panel's averaged SCA 2004 result as published by the Coffee Quality Institute: the ten attribute scores
    /// (averages over cuppers, so 9.33 for uniformity is possible) and the total the panel reported.
    ///
    /// Source: CQI Q Arabica review records (Total Cup Points = the sum of the ten attributes, as published).
    public static let cqiArabicaPanel = CuppingForm(
        id: "cqiArabicaPanel",
        name: .init(th: "ผลรวมคณะผู้ชิม CQI (อาราบิก้า)", en: "CQI panel result (arabica)"),
        cupsPerSample: 5,
        sections: [
            .quality("aroma", "กลิ่นหอม", "Aroma", min: 0, max: 10, step: 0.01),
            .quality("flavor", "รสชาติ", "Flavor", min: 0, max: 10, step: 0.01),
            .quality("aftertaste", "รสที่ค้างในปาก", "Aftertaste", min: 0, max: 10, step: 0.01),
            .quality("acidity", "ความเปรี้ยว", "Acidity", min: 0, max: 10, step: 0.01),
            .quality("body", "บอดี้", "Body", min: 0, max: 10, step: 0.01),
            .quality("balance", "ความสมดุล", "Balance", min: 0, max: 10, step: 0.01),
            .quality("uniformity", "ความสม่ำเสมอ", "Uniformity", min: 0, max: 10, step: 0.01),
            .quality("cleanCup", "ความสะอาด", "Clean cup", min: 0, max: 10, step: 0.01),
            .quality("sweetness", "ความหวาน", "Sweetness", min: 0, max: 10, step: 0.01),
            .quality("overall", "ภาพรวม (Cupper points)", "Overall (cupper points)", min: 0, max: 10, step: 0.01),
            .quality("totalCupPoints", "คะแนนรวมที่ประกาศ", "Total cup points as published", min: 0, max: 100, step: 0.01),
        ],
        scoring: .reported(key: "totalCupPoints"),
        bands: sca2004.bands,
        source: "Coffee Quality Institute review records (SCA 2004 form, panel averages)"
    )

    /// A panel's averaged CQI Fine Robusta result, as published.
    public static let cqiRobustaPanel = CuppingForm(
        id: "cqiRobustaPanel",
        name: .init(th: "ผลรวมคณะผู้ชิม CQI (โรบัสต้า)", en: "CQI panel result (robusta)"),
        cupsPerSample: 5,
        sections: [
            .quality("fragranceAroma", "กลิ่นหอม", "Fragrance/Aroma", min: 0, max: 10, step: 0.01),
            .quality("flavor", "รสชาติ", "Flavor", min: 0, max: 10, step: 0.01),
            .quality("aftertaste", "รสที่ค้างในปาก", "Aftertaste", min: 0, max: 10, step: 0.01),
            .quality("saltAcid", "เค็ม/เปรี้ยว", "Salt/Acid", min: 0, max: 10, step: 0.01),
            .quality("bitterSweet", "ขม/หวาน", "Bitter/Sweet", min: 0, max: 10, step: 0.01),
            .quality("mouthfeel", "สัมผัสในปาก", "Mouthfeel", min: 0, max: 10, step: 0.01),
            .quality("uniformCup", "ความสม่ำเสมอ", "Uniform cup", min: 0, max: 10, step: 0.01),
            .quality("cleanCup", "ความสะอาด", "Clean cup", min: 0, max: 10, step: 0.01),
            .quality("balance", "ความสมดุล", "Balance", min: 0, max: 10, step: 0.01),
            .quality("overall", "ภาพรวม (Cupper points)", "Overall (cupper points)", min: 0, max: 10, step: 0.01),
            .quality("totalCupPoints", "คะแนนรวมที่ประกาศ", "Total cup points as published", min: 0, max: 100, step: 0.01),
        ],
        scoring: .reported(key: "totalCupPoints"),
        bands: fineRobusta.bands,
        source: "Coffee Quality Institute review records (Fine Robusta form, panel averages)"
    )

    public static let all: [CuppingForm] = [sca2004, cva2024, cva2024Descriptive, fineRobusta, cqiArabicaPanel, cqiRobustaPanel]

    public static func form(_ id: String) -> CuppingForm? { all.first { $0.id == id } }
}
