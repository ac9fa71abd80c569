import Foundation

/// Renders a passport as a self-contained bilingual HTML page (no script), with Open Graph tags for LINE.
public enum PassportPage {
    static func esc(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func num(_ v: Double, _ places: Int = 2) -> String {
        FieldReader.format(v, places: places)
    }

    static let processNames: [String: Localized] = [
        "washed": .init(th: "กาแฟสีแห้ง (washed)", en: "Washed"), "natural": .init(th: "ตากแห้งทั้งผล (natural)", en: "Natural"),
        "honeyYellow": .init(th: "ฮันนี่เหลือง", en: "Yellow honey"), "honeyRed": .init(th: "ฮันนี่แดง", en: "Red honey"),
        "honeyBlack": .init(th: "ฮันนี่ดำ", en: "Black honey"), "anaerobic": .init(th: "หมักไร้อากาศ (anaerobic)", en: "Anaerobic"),
        "wetHulled": .init(th: "สีเปียก (wet-hulled)", en: "Wet-hulled"), "other": .init(th: "อื่น ๆ", en: "Other"),
    ]

    static let gradeNames: [String: Localized] = Dictionary(
        GradingStandards.all.flatMap { $0.grades.map { ($0.key, $0.label) } }, uniquingKeysWith: { a, _ in a })

    /// An SVG radar (spider) chart of attribute means on the form's scale.
    public static func radarSVG(_ points: [(key: String, label: Localized, value: Double)], scale: ClosedRange<Double>) -> String {
        guard points.count >= 3 else { return "" }
        let cx = 160.0, cy = 150.0, r = 105.0
        func xy(_ i: Int, _ fraction: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(points.count)
            return (cx + r * fraction * cos(angle), cy + r * fraction * sin(angle))
        }
        func f(_ v: Double) -> Double { max(0, min(1, (v - scale.lowerBound) / (scale.upperBound - scale.lowerBound))) }
        var svg = "<svg class=\"radar\" viewBox=\"0 0 320 300\" role=\"img\" aria-label=\"Cupping profile\" xmlns=\"http://www.w3.org/2000/svg\">"
        for ring in [0.25, 0.5, 0.75, 1.0] {
            let poly = (0..<points.count).map { i -> String in let p = xy(i, ring); return "\(num(p.0)),\(num(p.1))" }.joined(separator: " ")
            svg += "<polygon points=\"\(poly)\" fill=\"none\" stroke=\"#d9cbb8\" stroke-width=\"1\"/>"
        }
        for (i, p) in points.enumerated() {
            let end = xy(i, 1), label = xy(i, 1.18)
            svg += "<line x1=\"\(num(cx))\" y1=\"\(num(cy))\" x2=\"\(num(end.0))\" y2=\"\(num(end.1))\" stroke=\"#d9cbb8\"/>"
            svg += "<text x=\"\(num(label.0))\" y=\"\(num(label.1))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#4a3728\">\(esc(p.label.th)) \(num(p.value))</text>"
        }
        let shape = points.enumerated().map { i, p -> String in let q = xy(i, f(p.value)); return "\(num(q.0)),\(num(q.1))" }.joined(separator: " ")
        svg += "<polygon points=\"\(shape)\" fill=\"rgba(139,69,19,0.35)\" stroke=\"#8b4513\" stroke-width=\"2\"/></svg>"
        return svg
    }

    public static func html(_ facts: PassportFacts, sections: Set<PassportSection>, url: String, qrPath: String) -> String {
        var rows: [(Localized, String)] = []
        let place = [facts.provinceTh.map { "\($0) (\(facts.provinceEn ?? ""))" } ?? facts.provinceEn, facts.country.flatMap { $0 == "TH" ? nil : $0 }]
            .compactMap { $0 }.joined(separator: ", ")
        if sections.contains(.farm) {
            if let n = facts.farmName { rows.append((.init(th: "ฟาร์ม", en: "Farm"), esc(n))) }
            if !place.isEmpty { rows.append((.init(th: "แหล่งปลูก", en: "Origin"), esc(place))) }
            if let a = facts.altitudeM { rows.append((.init(th: "ความสูง", en: "Altitude"), "\(num(a, 0)) ม. / m")) }
        }
        if sections.contains(.variety), let v = facts.variety {
            rows.append((.init(th: "สายพันธุ์", en: "Variety"), esc(v) + (facts.species.map { " · " + esc($0) } ?? "")))
        }
        if sections.contains(.process), let p = facts.process, let name = processNames[p] {
            rows.append((.init(th: "กระบวนการแปรรูป", en: "Process"), "\(esc(name.th)) / \(esc(name.en))"))
        }
        if sections.contains(.harvest), let y = facts.cropYear { rows.append((.init(th: "ปีการผลิต", en: "Crop year"), esc(y))) }
        if sections.contains(.grade), let g = facts.grade {
            let name = gradeNames[g] ?? .init(th: g, en: g)
            var text = "\(esc(name.th)) / \(esc(name.en))"
            if let m = facts.moisturePct { text += " · ความชื้น / moisture \(num(m, 1))%" }
            rows.append((.init(th: "เกรดสารกาแฟ", en: "Green grade"), text))
        }
        if sections.contains(.cupScore), let s = facts.cupScore {
            rows.append((.init(th: "คะแนนคัปปิ้ง", en: "Cup score"), "<strong class=\"score\">\(num(s))</strong>"))
        }
        if sections.contains(.roast), facts.roastDtrPct != nil || facts.roastWeightLossPct != nil {
            var parts: [String] = []
            if let d = facts.roastDtrPct { parts.append("DTR \(num(d, 1))%") }
            if let d = facts.roastDevelopmentS, let s = Int(exactly: d.rounded(.towardZero)) {
                parts.append("พัฒนา / development \(s / 60):\(String(format: "%02d", s % 60))")
            }
            if let w = facts.roastWeightLossPct { parts.append("น้ำหนักหาย / weight loss \(num(w, 1))%") }
            rows.append((.init(th: "การคั่ว", en: "Roast"), esc(parts.joined(separator: " · "))))
        }
        let title = "Kafae · \(facts.lotCode)"
        let description = [sections.contains(.farm) ? facts.provinceEn : nil, sections.contains(.variety) ? facts.variety : nil,
                           sections.contains(.process) ? facts.process.flatMap { processNames[$0]?.en } : nil,
                           sections.contains(.cupScore) ? facts.cupScore.map { "\(num($0)) points" } : nil]
            .compactMap { $0 }.joined(separator: " · ")
        let radar = sections.contains(.radar) ? radarSVG(facts.radar, scale: facts.radarScale) : ""
        let items = rows.map { "<div class=\"row\"><dt>\(esc($0.0.th))<small>\(esc($0.0.en))</small></dt><dd>\($0.1)</dd></div>" }.joined()
        return """
        <!doctype html>
        <html lang="th"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title))</title>
        <meta name="description" content="\(esc(description))">
        <meta property="og:type" content="website">
        <meta property="og:site_name" content="Kafae กาแฟ">
        <meta property="og:title" content="\(esc("หนังสือเดินทางคุณภาพ · Quality passport · \(facts.lotCode)"))">
        <meta property="og:description" content="\(esc(description))">
        <meta property="og:url" content="\(esc(url))">
        <meta property="og:locale" content="th_TH">
        <meta property="og:locale:alternate" content="en_US">
        <style>
        body{margin:0;font-family:"Noto Sans Thai","Sarabun",system-ui,sans-serif;background:#faf6f0;color:#2f241b}
        main{max-width:34rem;margin:0 auto;padding:1.25rem}
        h1{font-size:1.4rem;margin:.2rem 0}h1 small,dt small{display:block;font-size:.8rem;color:#7a6654;font-weight:normal}
        dl{margin:1rem 0;background:#fff;border-radius:.75rem;padding:.25rem 1rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
        .row{display:flex;justify-content:space-between;gap:1rem;padding:.7rem 0;border-bottom:1px solid #efe6da}.row:last-child{border:0}
        dt{font-weight:600}dd{margin:0;text-align:right}.score{font-size:1.6rem;color:#8b4513}
        .radar{width:100%;max-width:22rem;display:block;margin:0 auto}.qr{width:9rem;display:block;margin:1rem auto}
        footer{text-align:center;font-size:.8rem;color:#7a6654}
        </style></head>
        <body><main>
        <h1>หนังสือเดินทางคุณภาพ<small>Quality passport · \(esc(facts.lotCode))</small></h1>
        <dl>\(items)</dl>
        \(radar)
        <img class="qr" src="\(esc(qrPath))" alt="QR">
        <footer>Kafae กาแฟ</footer>
        </main></body></html>
        """
    }
}
