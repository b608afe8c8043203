import XCTest
@testable import WardSolver

/// Small helpers shared by the WardSolver tests.
extension XCTestCase {
    /// Asserts that `body` throws a `Z3Error` (optionally with the given code) and returns it.
    @discardableResult
    func assertZ3Error<T>(code: Int? = nil, _ body: () throws -> T,
                          file: StaticString = #filePath, line: UInt = #line) -> Z3Error? {
        do {
            let value = try body()
            XCTFail("expected a Z3Error, got \(value)", file: file, line: line)
            return nil
        } catch let error as Z3Error {
            if let code { XCTAssertEqual(error.code, code, "\(error)", file: file, line: line) }
            XCTAssertFalse(error.message.isEmpty, file: file, line: line)
            return error
        } catch {
            XCTFail("expected a Z3Error, got \(error)", file: file, line: line)
            return nil
        }
    }
}

/// A query Z3 cannot answer quickly: factor a 64-bit semiprime (two 32-bit primes) with
/// 128-bit multiplication, so nothing overflows and both factors must be > 1.
func addFactoringQuery(_ z3: Z3Context, _ solver: Z3Solver) throws {
    let n: UInt64 = 4_294_967_291 * 4_294_967_279
    let bv64 = try z3.bvSort(64)
    let p = try z3.constant("p", bv64), q = try z3.constant("q", bv64)
    let product = try z3.bvmul(z3.zeroExtend(64, p), z3.zeroExtend(64, q))
    try solver.assert(z3.eq(product, z3.zeroExtend(64, z3.bv(n, width: 64))))
    try solver.assert(z3.bvugt(p, z3.bv(1, width: 64)))
    try solver.assert(z3.bvugt(q, z3.bv(1, width: 64)))
}

/// Thread-safe one-shot box for handing a result from a background thread to a test.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func get() -> T? { lock.lock(); defer { lock.unlock() }; return value }
}
