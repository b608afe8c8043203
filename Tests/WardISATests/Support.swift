import Foundation
import WardIR

/// Writes model text to a temporary file so tests go through the real loader.
func temporaryModel(_ text: String, name: String = "model.ward") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-isa-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The package root, found from this file's path (Tests/WardISATests/Support.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A Popek–Goldberg machine with one hole of each kind, written for the tests (the bundled
/// models are checked separately): LRA is location-sensitive, RMODE mode-sensitive, JRST1 control-sensitive.
let holeyMachine = """
isa holey {
  width W = 8
  mode M : { supervisor, user }
  protected(relocation) L : bits<W>
  protected(bound) B : bits<W>
  visible A : bits<W>
  visible(pc) P : bits<W>
  visible E : map<bits<W>, bits<W>>
  deprivileged { M = user }
  instruction LOAD(a: bits<W>) { if a > B { trap memory }; A = E[a]; P = P + 1 }
  instruction STORE(a: bits<W>) { if a > B { trap memory }; E[a] = A; P = P + 1 }
  instruction ADD(a: bits<W>) { A = A + a; P = P + 1 }
  instruction SETR(l: bits<W>, b: bits<W>) { if M == user { trap privilege }; L = l; B = b; P = P + 1 }
  instruction SVC() { trap svc }
  instruction LRA(a: bits<W>) { A = a + L; P = P + 1 }
  instruction RMODE() { A = if M == user then 1 else 0; P = P + 1 }
  instruction JRST1(t: bits<W>) { P = t; M = user }
}
"""
