// XML 1.0 cannot represent most C0 control characters at all, not even as character
// references, so they are replaced by a visible "\u{XX}"-style marker instead of being
// dropped: a name containing ESC should still be recognisable in a CI dashboard.

enum XMLEscaping {
    /// Text content: escapes markup characters; CR becomes a reference so that
    /// parsers' line-end normalization does not turn it into LF.
    static func text(_ s: String) -> String { escape(s, inAttribute: false) }

    /// Attribute values (double-quoted): additionally keeps TAB, LF and CR, which
    /// attribute-value normalization would otherwise turn into spaces.
    static func attribute(_ s: String) -> String { escape(s, inAttribute: true) }

    private static func escape(_ s: String, inAttribute: Bool) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n": out += inAttribute ? "&#10;" : "\n"
            case "\t": out += inAttribute ? "&#9;" : "\t"
            case _ where !isXML10Char(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u{" + hex + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The XML 1.0 `Char` production (surrogates cannot occur in a Swift String).
    private static func isXML10Char(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
