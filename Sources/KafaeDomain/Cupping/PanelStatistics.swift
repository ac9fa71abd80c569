import Foundation

/// Panel statistics for cupping sessions: per-sample spread and per-cupper calibration.
///
/// The panel mean of a sample is the mean of every sheet for it, the cupper's own included (as calibration
/// sessions compare each cupper with the table). Samples with a single sheet do not count towards calibration.
public enum PanelStatistics {
    public static func samples(_ sheets: [SheetScore]) -> [SampleSummary] {
        Dictionary(grouping: sheets, by: \.sample).map { sample, group in
            let scores = group.map(\.finalScore)
            let mean = scores.reduce(0, +) / Double(scores.count)
            let sd = scores.count > 1 ? (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(scores.count - 1)).squareRoot() : 0
            var attributes: [String: Double] = [:]
            for key in Set(group.flatMap(\.attributes.keys)) {
                let values = group.compactMap { $0.attributes[key] }
                attributes[key] = roundPlaces(values.reduce(0, +) / Double(values.count), 2)
            }
            return SampleSummary(sample: sample, count: scores.count, mean: roundPlaces(mean, 2), standardDeviation: roundPlaces(sd, 2),
                                 min: scores.min()!, max: scores.max()!, attributeMeans: attributes)
        }.sorted { $0.sample < $1.sample }
    }

    public static func cuppers(_ sheets: [SheetScore]) -> [CupperDeviation] {
        let bySample = Dictionary(grouping: sheets, by: \.sample).filter { $0.value.count > 1 }
        var panelMean: [String: Double] = [:]
        var panelAttr: [String: [String: Double]] = [:]
        for (sample, group) in bySample {
            panelMean[sample] = group.map(\.finalScore).reduce(0, +) / Double(group.count)
            var attrs: [String: Double] = [:]
            for key in Set(group.flatMap(\.attributes.keys)) {
                let values = group.compactMap { $0.attributes[key] }
                attrs[key] = values.reduce(0, +) / Double(values.count)
            }
            panelAttr[sample] = attrs
        }
        return Dictionary(grouping: sheets, by: \.cupper).map { cupper, own in
            let compared = own.filter { panelMean[$0.sample] != nil }
            guard !compared.isEmpty else {
                return CupperDeviation(cupper: cupper, samples: 0, meanAbsoluteDeviation: nil, bias: nil, attributeDeviation: [:])
            }
            let diffs = compared.map { $0.finalScore - panelMean[$0.sample]! }
            var attrDev: [String: [Double]] = [:]
            for sheet in compared {
                for (k, v) in sheet.attributes {
                    if let m = panelAttr[sheet.sample]?[k] { attrDev[k, default: []].append(abs(v - m)) }
                }
            }
            return CupperDeviation(
                cupper: cupper, samples: compared.count,
                meanAbsoluteDeviation: roundPlaces(diffs.map(abs).reduce(0, +) / Double(diffs.count), 2),
                bias: roundPlaces(diffs.reduce(0, +) / Double(diffs.count), 2),
                attributeDeviation: attrDev.mapValues { roundPlaces($0.reduce(0, +) / Double($0.count), 2) })
        }.sorted { $0.cupper < $1.cupper }
    }
}
