// Fingerprints must be identical across processes and machines, so they use FNV-1a
// over UTF-8 bytes rather than Swift's per-process randomized `hashValue`.

public enum Fingerprint {
    /// 64-bit FNV-1a of the UTF-8 bytes of `text`.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// 16 lowercase hex digits, zero-padded.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Identity of one finding of one obligation: FNV-1a 64 of
    /// `kind US obligationID US findingKey` (US = U+001F), so that field boundaries
    /// cannot be confused ("a"+"bc" vs "ab"+"c"). Results without findings use key "".
    public static func finding(kind: String, obligationID: String, key: String) -> String {
        hex(fnv1a64(kind + "\u{1F}" + obligationID + "\u{1F}" + key))
    }
}
