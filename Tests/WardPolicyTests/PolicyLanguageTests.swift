// The policy syntax (subjects, objects, rights, capabilities, matrix, domains, services, HRU
// operations, isolation/safety/confinement/authority) lowered to the one IR: what it means, and
// the diagnostics for what it forbids.
import XCTest

final class PolicyLanguageTests: XCTestCase {
    static let base = """
      subjects { H, G1, G2 }
      objects { M1, M2, Ch }
      rights { read, write, own }
      capability send minted by open_channel
      matrix A {
        H:  * {own}
        G1: M1 {read, write, own}
        G2: M2 {read, write, own}
      }
      domain hv trusted { H }
      domain d1 { G1, M1 }
      domain d2 { G2, M2 }
      command open_channel(g: Subject) when g != H { enter send into A[g][Ch] }
    """

    func testDomainPropertiesHoldAndEngineAgree() throws {
        let path = try Ward.temporaryModel("policy p {\n" + Self.base + """
          isolation sep: d1, d2
          confinement c1: d1
          authority g1_bound: G1 { M1 {read, write, own}, Ch {send} }
          safety g2_never_reads_m1: never read in A[G2][M1]
        }
        """)
        let r = try Ward.verify(path, ["--engine", "both"])
        XCTAssertEqual(r.status, 0, "\(r.json)")
        XCTAssertEqual(r.verdicts, ["sep": "holds", "c1": "holds", "g1_bound": "holds", "g2_never_reads_m1": "holds"])
    }

    func testDomainPropertiesCatchALeak() throws {
        let path = try Ward.temporaryModel("policy p {\n" + Self.base + """
          command share(o: Object, g: Subject) when own in A[G1][o] { enter read into A[g][o] }
          isolation sep: d1, d2
          confinement c1: d1
          authority g2_bound: G2 { M2 {read, write, own}, Ch {send} }
        }
        """)
        let r = try Ward.verify(path, ["--engine", "both"])
        XCTAssertEqual(r.status, 1)
        for name in ["sep", "c1", "g2_bound"] {
            let p = try XCTUnwrap(r.property(name))
            XCTAssertEqual(p.verdict, "violated", name)
            XCTAssertEqual(p.labels, ["share(g=G2, o=M1)"], name)
        }
    }

    func testTransferableCapabilityGetsATransferCommand() throws {
        let path = try Ward.temporaryModel("policy p {\n" + Self.base.replacingOccurrences(of: "capability send minted", with: "capability send transferable minted") + """
          safety h_never_sends: never send in A[H][Ch]
        }
        """)
        let r = try Ward.verify(path, ["--engine", "both"])
        let p = try XCTUnwrap(r.property("h_never_sends"))
        XCTAssertEqual(p.labels, ["open_channel(g=G1)", "transfer_send(from=G1, o=Ch, to=H)"])
    }

    func testCapabilitiesAreUnforgeable() throws {
        let path = try Ward.temporaryModel("policy p {\n" + Self.base + """
          command forge(g: Subject) { enter send into A[g][M1] }
        }
        """)
        let o = try Ward.run(["verify", path])
        XCTAssertEqual(o.status, 65)
        XCTAssertTrue(o.stderr.contains("command 'forge' may put capability 'send' into the matrix, but 'send' is unforgeable"), o.stderr)
        // A plain assignment that copies a cell could carry the capability as well.
        let copy = try Ward.temporaryModel("policy p {\n" + Self.base + """
          command copy(g: Subject, h: Subject) { A[h][Ch] = A[h][Ch] | A[g][Ch] }
        }
        """)
        let c = try Ward.run(["verify", copy])
        XCTAssertEqual(c.status, 65)
        XCTAssertTrue(c.stderr.contains("'send' is unforgeable"), c.stderr)
    }

    func testServiceCommandsNeedTheirCallerParameter() throws {
        let path = try Ward.temporaryModel("policy p {\n" + Self.base + """
          service H(caller) {
            command serve(g: Subject) { enter read into A[g][M1] }
          }
        }
        """)
        let o = try Ward.run(["verify", path])
        XCTAssertEqual(o.status, 65)
        XCTAssertTrue(o.stderr.contains("needs a parameter 'caller: Subject' naming its caller"), o.stderr)
    }

    func testUnknownDomainMemberIsDiagnosed() throws {
        let path = try Ward.temporaryModel("policy p {\n" + Self.base + """
          domain d3 { G3 }
          isolation sep: d1, d3
        }
        """)
        let o = try Ward.run(["verify", path])
        XCTAssertEqual(o.status, 65)
        XCTAssertTrue(o.stderr.contains("domain member 'G3' is neither a subject nor an object"), o.stderr)
    }

    func testUnrolledLoopOverAnUnboundedSortIsRefused() throws {
        let path = try Ward.temporaryModel("""
        policy p {
          subjects unbounded { H, G1 }
          objects { M1 }
          rights { read }
          init { for s in Subject { A[s][M1] = {read} } }
        }
        """)
        let o = try Ward.run(["verify", path])
        XCTAssertEqual(o.status, 65)
        XCTAssertTrue(o.stderr.contains("'for' unrolls over the named values of 'Subject', which is unbounded"), o.stderr)
    }

    func testProofKindSaysWhetherItIsParametric() throws {
        // Command c is never enabled with the two named subjects, but is with any further one:
        // `only_g1` is inductive for the bundled sizes only; `h_never` for any number of subjects.
        let path = try Ward.temporaryModel("""
        policy p {
          subjects unbounded { H, G1 }
          objects unbounded { M1 }
          rights { read }
          matrix A { G1: M1 {read} }
          command c(s: Subject) when s != H && s != G1 { enter read into A[s][M1] }
          invariant only_g1: forall s: Subject :: A[s][M1] != {} ==> s == G1
          invariant h_never: A[H][M1] == {}
          invariant closed: forall s: Subject :: s == H || s == G1
        }
        """)
        let bundled = try Ward.verify(path, ["--engine", "smt", "--property", "only_g1"])
        let b = try XCTUnwrap(bundled.property("only_g1"))
        XCTAssertTrue(b.summary.contains("for the bundled sizes (Subject: 2, Object: 1); not parametric"), b.summary)
        let any = try Ward.verify(path, ["--engine", "smt", "--property", "h_never"])
        let a = try XCTUnwrap(any.property("h_never"))
        XCTAssertTrue(a.summary.contains("parametric: any number of Subject and Object values"), a.summary)
        // Inductive in any universe (nothing changes who exists), but false initially beyond the
        // named subjects: the initial states are checked for the bundled sizes only.
        let closed = try Ward.verify(path, ["--engine", "smt", "--property", "closed"])
        let c = try XCTUnwrap(closed.property("closed"))
        XCTAssertTrue(c.summary.contains("parametric: inductive for any number of Subject and Object values, initial states checked for the bundled sizes"), c.summary)
    }

    func testIsolatedDomainsMustBeDisjoint() throws {
        // Isolation classifies each member by the one listed domain it is in.
        let path = try Ward.temporaryModel("policy p {\n" + Self.base + """
          domain both { G1, M2 }
          isolation sep: d1, d2, both
        }
        """)
        let o = try Ward.run(["verify", path])
        XCTAssertEqual(o.status, 65)
        XCTAssertTrue(o.stderr.contains("'G1' is in both domain 'd1' and domain 'both'; isolation separates disjoint domains"), o.stderr)
        XCTAssertTrue(o.stderr.contains(":\(Self.base.split(separator: "\n").count + 2):"), o.stderr)
    }

    func testLargeInstanceInitialStateIsCheckedOnTheEmulator() throws {
        // 65 × 64 matrix cells: more than Z3's arrays are pinned for (Unrolling.pinLimit), so the
        // SMT engine evaluates the one initial state on the emulator. It must find the same
        // depth-0 counterexample as the explorer.
        let users = (1...64).map { "U\($0)" }, files = (1...64).map { "F\($0)" }
        let path = try Ward.temporaryModel("""
        policy big {
          subjects unbounded { H, \(users.joined(separator: ", ")) }
          objects unbounded { \(files.joined(separator: ", ")) }
          rights { read }
          matrix A { U1: F1 {read}, F2 {read} }
          command drop(s: Subject, o: Object) { delete read from A[s][o] }
          invariant only_u1_f1: forall s: Subject, o: Object :: A[s][o] != {} ==> (s == U1 && o == F1)
        }
        """)
        let r = try Ward.verify(path, ["--engine", "both", "--depth", "0"])
        XCTAssertEqual(r.status, 1, "\(r.json)")
        let p = try XCTUnwrap(r.property("only_u1_f1"))
        XCTAssertEqual(p.verdict, "violated", p.summary)
        XCTAssertEqual(Property.depth(p.explore), 0, p.explore)
        XCTAssertEqual(Property.depth(p.smt), 0, p.smt)
        XCTAssertTrue(p.summary.contains("both engines give the same shortest trace (0 steps)"), p.summary)
    }

    func testCreateAndDestroyUseSpareSlots() throws {
        let path = try Ward.temporaryModel("""
        policy p {
          subjects { H } spare { U1 }
          objects { F } spare { N1 }
          rights { read, own }
          matrix A { H: F {own} }
          command new_user(u: Subject) { create subject u }
          command new_file(f: Object) { create object f }
          command give(u: Subject, f: Object) when own in A[H][f] { enter read into A[u][f] }
          command drop(f: Object) { destroy object f }
          safety u1_never_reads_n1: never read in A[U1][N1]
          safety u1_never_reads_f: never read in A[U1][F]
        }
        """)
        // Depth 4 covers the 2-step leak; "holds" comes from the HRU decision. (At the default
        // depth 12, BMC alone took a minute in a debug build: the safety claim is not k-inductive.)
        let r = try Ward.verify(path, ["--engine", "both", "--depth", "4"])
        // N1 can be created but H never owns it: nobody reads it. F can be given to a new user.
        XCTAssertEqual(r.property("u1_never_reads_n1")?.verdict, "holds")
        let f = try XCTUnwrap(r.property("u1_never_reads_f"))
        XCTAssertEqual(f.labels, ["new_user(u=U1)", "give(f=F, u=U1)"])
    }
}
