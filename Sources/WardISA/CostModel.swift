/// Cycle costs of trap-and-emulate against native execution and binary translation (seed 000:
/// RDTSC costs 25 cycles natively; a VM exit plus entry about 1500 and its emulation about 200).
public struct CostModel: Sendable {
    public var native: Double = 25
    public var exitAndEntry: Double = 1500
    public var emulation: Double = 200
    public init(native: Double = 25, exitAndEntry: Double = 1500, emulation: Double = 200) {
        self.native = native; self.exitAndEntry = exitAndEntry; self.emulation = emulation
    }

    /// Cycles of one trapped-and-emulated instruction.
    public var trapped: Double { exitAndEntry + emulation }
    /// How many times slower a trapped instruction is than native (RDTSC: 1700 / 25 = 68).
    public var slowdown: Double { trapped / native }

    /// Cycles of a program with `direct` instructions run natively and `trapped` ones emulated.
    public func cycles(direct: Int, trapped: Int) -> Double { Double(direct) * native + Double(trapped) * self.trapped }

    /// Break-even share f of sensitive instructions between trap-and-emulate (trap cost h per
    /// sensitive instruction) and binary translation (fixed cost B plus p per instruction) over
    /// n instructions: n·f·h = B + n·p, so f = (B + n·p) / (n·h). Above f, translation wins.
    public static func breakEvenFrequency(instructions n: Double, translationFixed b: Double, translationPerInstruction p: Double,
                                          trapCost h: Double) -> Double {
        (b + n * p) / (n * h)
    }
}
