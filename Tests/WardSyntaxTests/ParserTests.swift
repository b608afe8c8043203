import XCTest
import WardSyntax

/// The shape of parsed expressions, types and files: precedence, associativity, the `>>`
/// token split, optional semicolons.
final class ParserTests: XCTestCase {
    // MARK: rendering the tree

    func render(_ e: ExprSyntax) -> String {
        switch e.kind {
        case .integer(let v): return "\(v)"
        case .boolean(let b): return "\(b)"
        case .name(let n): return n
        case .member(let b, let c): return "\(render(b)).\(c)"
        case .index(let b, let k): return "\(render(b))[\(render(k))]"
        case .slice(let b, let h, let l): return "\(render(b))[\(render(h)):\(render(l))]"
        case .unary(let op, let a): return "(\(op) \(render(a)))"
        case .binary(let op, let a, let b): return "(\(op) \(render(a)) \(render(b)))"
        case .call(let f, let args): return "\(f)(" + args.map(render).joined(separator: ", ") + ")"
        case .ite(let c, let a, let b): return "(if \(render(c)) \(render(a)) \(render(b)))"
        case .setLiteral(let xs): return "{" + xs.map(render).joined(separator: ", ") + "}"
        case .quantifier(let fa, let binders, let body):
            return "(\(fa ? "forall" : "exists") " + binders.map { "\($0.0):\(render($0.1))" }.joined(separator: " ") + " \(render(body)))"
        }
    }

    func render(_ t: TypeSyntax) -> String {
        switch t {
        case .bool: return "bool"
        case .bits(let w, _): return "bits<\(render(w))>"
        case .named(let n, _): return n
        case .map(let k, let v, _): return "map<\(render(k)), \(render(v))>"
        case .set(let e, _): return "set<\(render(e))>"
        case .inlineEnum(let cases, _): return "{" + cases.joined(separator: ", ") + "}"
        }
    }

    func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> FileSyntax? {
        do { return try Parser.parse(path: "t.ward", text: text) } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    /// The expression of `invariant p: <source>`, rendered.
    func expr(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard let f = parse("model m {\n  invariant p: \(source)\n}", file: file, line: line) else { return nil }
        guard case .property(_, _, let e, _) = f.model.members[0].declaration else { XCTFail("no property"); return nil }
        return render(e)
    }

    /// The type of `var v : <source>`, rendered.
    func type(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard let f = parse("model m {\n  var v : \(source)\n}", file: file, line: line) else { return nil }
        guard case .field(_, _, _, let t, _, _, _) = f.model.members[0].declaration else { XCTFail("no field"); return nil }
        return render(t)
    }

    // MARK: precedence and associativity

    func testArithmeticPrecedence() {
        XCTAssertEqual(expr("a + b * c"), "(+ a (* b c))")
        XCTAssertEqual(expr("a * b + c"), "(+ (* a b) c)")
        XCTAssertEqual(expr("a - b - c"), "(- (- a b) c)")
        XCTAssertEqual(expr("a / b % c"), "(% (/ a b) c)")
        XCTAssertEqual(expr("(a + b) * c"), "(* (+ a b) c)")
    }

    func testBitwiseAndShiftPrecedence() {
        XCTAssertEqual(expr("x >> 2"), "(>> x 2)")
        XCTAssertEqual(expr("x >> 2 + 1"), "(>> x (+ 2 1))")
        XCTAssertEqual(expr("x << 1 | y"), "(| (<< x 1) y)")
        XCTAssertEqual(expr("a | b ^ c & d"), "(| a (^ b (& c d)))")
        XCTAssertEqual(expr("a & b == c"), "(== (& a b) c)")
        XCTAssertEqual(expr("x >> 1 >> 2"), "(>> (>> x 1) 2)")
    }

    func testLogicalPrecedenceAndRightAssociativeImplication() {
        XCTAssertEqual(expr("a ==> b ==> c"), "(==> a (==> b c))")
        XCTAssertEqual(expr("a || b && c"), "(|| a (&& b c))")
        XCTAssertEqual(expr("a && b ==> c || d"), "(==> (&& a b) (|| c d))")
        XCTAssertEqual(expr("x < y && y <= z"), "(&& (< x y) (<= y z))")
        XCTAssertEqual(expr("x in S || x == a"), "(|| (in x S) (== x a))")
    }

    func testUnaryAndPostfixBindTightest() {
        XCTAssertEqual(expr("!a && b"), "(&& (! a) b)")
        XCTAssertEqual(expr("-x * y"), "(* (- x) y)")
        XCTAssertEqual(expr("~x[3:0]"), "(~ x[3:0])")
        XCTAssertEqual(expr("m[k][j] + 1"), "(+ m[k][j] 1)")
        XCTAssertEqual(expr("E.a == e"), "(== E.a e)")
        XCTAssertEqual(expr("!!a"), "(! (! a))")
    }

    func testConditionalsCallsSetsQuantifiers() {
        XCTAssertEqual(expr("if c then a else b + 1"), "(if c a (+ b 1))")
        XCTAssertEqual(expr("f(x, g(y)) == zext(z, 8)"), "(== f(x, g(y)) zext(z, 8))")
        XCTAssertEqual(expr("x in {a, b}"), "(in x {a, b})")
        XCTAssertEqual(expr("forall a: E, b: bits<2> :: a == b ==> c"), "(forall a:E b:bits<2> (==> (== a b) c))")
        XCTAssertEqual(expr("exists s: set<E> :: s == {}"), "(exists s:set<E> (== s {}))")
    }

    func testComparisonsDoNotChain() {
        XCTAssertThrowsError(try Parser.parse(path: "t.ward", text: "model m { invariant p: a == b == c }"))
        XCTAssertThrowsError(try Parser.parse(path: "t.ward", text: "model m { invariant p: a < b < c }"))
    }

    func testOperatorLocationsPointAtTheOperator() throws {
        let f = try Parser.parse(path: "t.ward", text: "model m {\n  invariant p: a + b * c\n}")
        guard case .property(_, _, let e, _) = f.model.members[0].declaration, case .binary(_, _, let rhs) = e.kind else {
            return XCTFail("shape")
        }
        XCTAssertEqual(e.location, SourceLocation(file: "t.ward", line: 2, column: 18))
        XCTAssertEqual(rhs.location, SourceLocation(file: "t.ward", line: 2, column: 22))
    }

    // MARK: types

    func testNestedAngleBracketsCloseTwice() {
        XCTAssertEqual(type("map<K, map<K, V>>"), "map<K, map<K, V>>")
        XCTAssertEqual(type("map<K, map<K, map<bool, V>>>"), "map<K, map<K, map<bool, V>>>")
        XCTAssertEqual(type("set<E>"), "set<E>")
        XCTAssertEqual(type("map<bits<2>, set<E>>"), "map<bits<2>, set<E>>")
        XCTAssertEqual(type("map<K, bits<8>>"), "map<K, bits<8>>")
        XCTAssertEqual(type("bits<W + 1>"), "bits<(+ W 1)>")
        XCTAssertEqual(type("{ supervisor, user }"), "{supervisor, user}")
    }

    // MARK: files, members, statements

    func testOptionalSemicolons() throws {
        let with = """
        import "a.ward";
        model m {
          var x : bits<4> = 0;
          var y : bool;;
          action a() { x = 1; y = true; };
          action b() {
            x = 2
            y = false
          }
          invariant p: x < 3;
        };
        """
        let without = """
        import "a.ward"
        model m {
          var x : bits<4> = 0
          var y : bool
          action a() { x = 1 y = true }
          action b() {
            x = 2; y = false;
          }
          invariant p: x < 3
        }
        """
        for text in [with, without] {
            let f = try Parser.parse(path: "t.ward", text: text)
            XCTAssertEqual(f.imports.map(\.path), ["a.ward"])
            XCTAssertEqual(f.model.members.map { $0.declaration.name }, ["x", "y", "a", "b", "p"])
            for m in f.model.members {
                if case .action(_, _, _, _, let body, _) = m.declaration { XCTAssertEqual(body.count, 2) }
            }
        }
    }

    func testDeclarationsAndOverride() throws {
        let f = try Parser.parse(path: "t.ward", text: """
        model m {
          const N = 3
          width W = 8
          enum E { a, b }
          type Word = bits<W>
          protected(relocation) base : Word
          mode M : bits<2> { supervisor = 0, user = 3 }
          override instruction step(r: E) when r == a { trap privilege }
          fn twice(v: Word) -> Word = v + v
          property q: true
          deprivileged { M = 3 }
          init { for i in 0..N { base = i } }
        }
        """)
        let names = f.model.members.map { $0.declaration.name ?? "-" }
        XCTAssertEqual(names, ["N", "W", "E", "Word", "base", "M", "step", "twice", "q", "-", "-"])
        XCTAssertEqual(f.model.members.map(\.isOverride), [false, false, false, false, false, false, true, false, false, false, false])
        guard case .constant(_, _, let isWidth, _) = f.model.members[1].declaration else { return XCTFail() }
        XCTAssertTrue(isWidth)
        guard case .field(let role, let tag, _, _, _, _, _) = f.model.members[4].declaration else { return XCTFail() }
        XCTAssertEqual(role, .protected)
        XCTAssertEqual(tag, "relocation")
        guard case .field(.mode, nil, "M", _, nil, let values, _) = f.model.members[5].declaration else { return XCTFail() }
        XCTAssertEqual(values.map(\.0), ["supervisor", "user"])
        guard case .action(.instruction, "step", let params, let guardExpr?, let body, _) = f.model.members[6].declaration else {
            return XCTFail()
        }
        XCTAssertEqual(params.map(\.name), ["r"])
        XCTAssertEqual(render(guardExpr), "(== r a)")
        guard case .trap("privilege", _)? = body.first else { return XCTFail() }
    }

    func testElseIfChains() throws {
        let f = try Parser.parse(path: "t.ward", text: "model m { action a() { if x { y = 1 } else if z { y = 2 } else { y = 3 } } }")
        guard case .action(_, _, _, _, let body, _) = f.model.members[0].declaration,
              case .ifElse(_, let t, let e?, _) = body[0], case .ifElse(_, let t2, let e2?, _) = e[0] else { return XCTFail() }
        XCTAssertEqual(t.count, 1)
        XCTAssertEqual(e.count, 1)
        XCTAssertEqual(t2.count, 1)
        XCTAssertEqual(e2.count, 1)
    }

    func testContextualKeywordsStayUsableAsNames() throws {
        let f = try Parser.parse(path: "t.ward", text: "model m { var map : bool\n var mode : bool\n var user : bits<2>\n invariant p: map && mode }")
        XCTAssertEqual(f.model.members.map { $0.declaration.name }, ["map", "mode", "user", "p"])
    }

    func testNumberFormats() {
        XCTAssertEqual(expr("x == 0xFF"), "(== x 255)")
        XCTAssertEqual(expr("x == 0b1010"), "(== x 10)")
        XCTAssertEqual(expr("x == 1_000"), "(== x 1000)")
        XCTAssertEqual(expr("x == 0xffff_ffff_ffff_ffff"), "(== x 18446744073709551615)")
    }

    func testCommentsAreTrivia() {
        XCTAssertEqual(expr("a /* inline */ + // rest of line\n b"), "(+ a b)")
        // A comment between the two '>' of a shift separates them.
        XCTAssertThrowsError(try Parser.parse(path: "t.ward", text: "model m { invariant p: (x >/**/> 1) == 0 }"))
    }
}
