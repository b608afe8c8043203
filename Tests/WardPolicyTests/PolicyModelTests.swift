// The bundled policies (Models/policy): each correct one proved unbounded (parametric where its
// sorts are unbounded), each buggy variant violated with a shortest counterexample of the same
// length from both engines, and the confused deputy explained in words. The eight-guest bug
// variants check only their violated properties (BMC to the shortest counterexample): that the
// rest still hold is Proofs/policy's job (`ward check`), and their induction proofs are slow in a
// debug build.
import XCTest

final class PolicyModelTests: XCTestCase {
    /// Every violated property: both engines report the same depth, which is the trace's length.
    func assertSameShortest(_ p: Property, steps: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(p.verdict, "violated", p.summary, file: file, line: line)
        XCTAssertEqual(Property.depth(p.explore), steps, p.explore, file: file, line: line)
        XCTAssertEqual(Property.depth(p.smt), steps, p.smt, file: file, line: line)
        XCTAssertEqual(p.steps.count, steps, file: file, line: line)
        XCTAssertTrue(p.summary.contains("both engines give the same shortest trace (\(steps) step"), p.summary, file: file, line: line)
    }

    func testTwoGuestsIsProvedForAnyNumberOfGuests() throws {
        let r = try Ward.verify("Models/policy/two-guests.ward", ["--engine", "both"])
        XCTAssertEqual(r.status, 0)
        let names = ["isolation", "no_direct_map", "guests_apart", "g1_least", "g2_least", "authority_kept"]
        XCTAssertEqual(r.verdicts, Dictionary(uniqueKeysWithValues: names.map { ($0, "holds") }))
        for name in names {
            let p = try XCTUnwrap(r.property(name))
            XCTAssertTrue(p.summary.contains("parametric: any number of Subject and Object values"), p.summary)
            XCTAssertTrue(p.explore.hasPrefix("holds (exhaustive"), p.explore)
        }
    }

    func testConfusedDeputyIsOneStepFromBothEnginesAndExplained() throws {
        let r = try Ward.verify("Models/policy/bugs/two-guests-confused-deputy.ward", ["--engine", "both"])
        XCTAssertEqual(r.status, 1)
        let p = try XCTUnwrap(r.property("isolation"))
        assertSameShortest(p, steps: 1)
        XCTAssertEqual(p.labels, ["request_map(caller=G1, o=M2)"])
        XCTAssertEqual(p.explanation, [
            "step 1: S_map entered read/write into A[G1][M2] on behalf of G1, who holds no right on M2: a confused deputy "
                + "(request_map checks G1's call on Svc, S_map's own map on M2, but no right of G1 on M2)",
        ])
        XCTAssertEqual(r.property("no_direct_map")?.verdict, "holds")
    }

    func testTheTextReportSaysConfusedDeputy() throws {
        let o = try Ward.run(["verify", "Models/policy/bugs/two-guests-confused-deputy.ward", "--engine", "explore"])
        XCTAssertEqual(o.status, 1)
        XCTAssertTrue(o.stdout.contains("S_map entered read/write into A[G1][M2] on behalf of G1, who holds no right on M2: a confused deputy"), o.stdout)
        XCTAssertTrue(o.stdout.contains("A[G1][M2]: {} → {read, write}"), o.stdout)
    }

    func testCorrectServiceIsNotCalledAConfusedDeputy() throws {
        // The same request on the guest's own memory: a service acting with the caller's authority.
        let path = try Ward.temporaryModel("""
        policy svc {
          subjects { H, G1, S }
          objects { M1, Svc }
          rights { read, own }
          capability call
          matrix A { G1: M1 {own}, Svc {call} }
          service S(caller) {
            command request(caller: Subject, o: Object) when call in A[caller][Svc] && own in A[caller][o] { enter read into A[caller][o] }
          }
          safety never_reads: never read in A[G1][M1]
        }
        """)
        let r = try Ward.verify(path, ["--engine", "explore"])
        let p = try XCTUnwrap(r.property("never_reads"))
        XCTAssertEqual(p.verdict, "violated")
        XCTAssertEqual(p.explanation, [])
    }

    func testDirectMapRightBreaksIsolationAtOnce() throws {
        let r = try Ward.verify("Models/policy/bugs/two-guests-direct-map.ward", ["--engine", "both"])
        XCTAssertEqual(r.status, 1)
        assertSameShortest(try XCTUnwrap(r.property("isolation")), steps: 0)
        assertSameShortest(try XCTUnwrap(r.property("no_direct_map")), steps: 0)
        let write = try XCTUnwrap(r.property("g1_never_writes_m2"))
        assertSameShortest(write, steps: 1)
        XCTAssertEqual(write.labels, ["map_direct(g=G1, o=M2)"])
    }

    func testDelegationIsDecidedSafeAndTheRelayUnsafe() throws {
        let ok = try Ward.verify("Models/policy/delegation.ward", ["--engine", "both"])
        XCTAssertEqual(ok.status, 0)
        let properties = ok.properties.map(Property.init)
        XCTAssertEqual(properties.count, 6)
        for p in properties {
            XCTAssertEqual(p.verdict, "holds", p.summary)
            // The HRU safety questions are decided; the well-formedness invariants are proved inductive.
            if p.summary.contains("decided") {
                XCTAssertTrue(p.summary.contains("decided: HRU, mono-operational"), p.summary)
                XCTAssertTrue(p.summary.contains("no leak"), p.summary)
            } else {
                XCTAssertTrue(p.summary.contains("holds (unbounded: inductive invariant"), p.summary)
            }
        }
        XCTAssertEqual(properties.filter { $0.summary.contains("decided: HRU") }.count, 2)
        let bad = try Ward.verify("Models/policy/bugs/delegation-relay.ward", ["--engine", "both"])
        let p = try XCTUnwrap(bad.property("mallory_never_writes_payroll"))
        assertSameShortest(p, steps: 2)
        XCTAssertTrue(p.summary.contains("decided"), p.summary)
        XCTAssertEqual(p.labels, ["confer_read(f=Payroll, friend=Mallory, owner=Alice)", "relay_write(f=Payroll, r=Mallory, w=Alice)"])
        XCTAssertEqual(bad.property("mallory_never_owns_payroll")?.verdict, "holds")
    }

    func testHypervisor8IsProvedForAnyNumberOfGuests() throws {
        let r = try Ward.verify("Models/policy/hypervisor-8.ward", ["--engine", "smt", "--depth", "1"])
        XCTAssertEqual(r.status, 0, "\(r.verdicts)")
        XCTAssertEqual(r.properties.count, 21)
        for p in r.properties.map(Property.init) {
            XCTAssertEqual(p.verdict, "holds", p.summary)
            XCTAssertTrue(p.summary.contains("parametric: any number of Subject and Object values"), p.summary)
        }
    }

    func testHypervisor8CloneHandsOutOwnership() throws {
        let r = try Ward.verify("Models/policy/bugs/hypervisor-8-clone-owns.ward",
                                ["--engine", "both", "--depth", "1", "--property", "shared_read_only"])
        XCTAssertEqual(r.status, 1)
        let p = try XCTUnwrap(r.property("shared_read_only"))
        assertSameShortest(p, steps: 1)
        XCTAssertEqual(p.labels, ["clone(dst=X1, g=G1, src=P1)"])
    }

    func testHypervisor8TransferableChannelLeaks() throws {
        let leaks = ["channels_granted", "s_map_least", "s_dev_least"]
        let r = try Ward.verify("Models/policy/bugs/hypervisor-8-transferable-channel.ward",
                                ["--engine", "both", "--depth", "1"] + leaks.flatMap { ["--property", $0] })
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.verdicts, Dictionary(uniqueKeysWithValues: leaks.map { ($0, "violated") }))
        let leaked = try XCTUnwrap(r.property("channels_granted"))
        assertSameShortest(leaked, steps: 1)
        XCTAssertEqual(leaked.labels, ["transfer_send(from=G1, o=C12, to=G3)"])
        for name in ["s_map_least", "s_dev_least"] { assertSameShortest(try XCTUnwrap(r.property(name)), steps: 1) }
    }
}
