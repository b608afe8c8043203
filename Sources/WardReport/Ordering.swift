// Writers must produce the same bytes for the same report no matter what order the
// engines (which may run in parallel or iterate sets) delivered results in.

/// Byte-wise UTF-8 order: total, and independent of locale and Unicode normalization.
func utf8Less(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension Finding {
    var sortKey: [String] {
        [key, message, location.map { "\($0.file):\($0.line):\($0.column)" } ?? "", evidence ?? ""]
    }
}

extension ObligationResult {
    /// Findings ordered by key (then message, location, evidence); engines may collect
    /// them from hash sets whose iteration order changes between processes.
    var canonicalFindings: [Finding] {
        findings.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey, by: utf8Less) }
    }
}

extension CheckReport {
    /// Obligations in source order: by file, then line (numerically, so `x.proof:9` comes before
    /// `x.proof:10`), then id. Ids should be unique; if they are not, the full serialized result
    /// breaks the tie so the order is still total.
    var canonicalObligations: [ObligationResult] {
        obligations
            .map { ($0, JSONReportWriter.obligationValue($0, includeTimings: true, includeCacheStatus: true).serialized()) }
            .sorted { a, b in
                let x = a.0.obligationLocation, y = b.0.obligationLocation
                if x.file != y.file { return utf8Less(x.file, y.file) }
                if x.line != y.line { return x.line < y.line }
                if a.0.id != b.0.id { return utf8Less(a.0.id, b.0.id) }
                return utf8Less(a.1, b.1)
            }
            .map(\.0)
    }
}
