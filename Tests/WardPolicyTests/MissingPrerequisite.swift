/// A missing prerequisite fails the test (tests are never skipped).
struct MissingPrerequisite: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
