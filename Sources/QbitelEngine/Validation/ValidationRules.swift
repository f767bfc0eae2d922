import Foundation

/// The analyst's own constraints for ENTERPRISE validation, read from a small text file.
///
/// One rule per line; `#` starts a comment. A field is `TYPE.FIELD`, where TYPE is a type id (`T1`), a type name,
/// or `*` for every type that has the field, and FIELD is a field name from the grammar (`qbitel discover` prints
/// them). Numbers are decimal or `0x` hex.
///
/// ```
/// T1.f0 in 1..5              # integer range, inclusive
/// T1.f2 in {1, 2, 0x10}      # set of values
/// *.text matches ^[A-Z]+ .*  # regular expression over the field's bytes as text
/// T2.len == T2.count         # cross-field equality (same message)
/// T2.f4 == 0x0800            # equality with a value
/// T2.f4 != 0                 # inequality with a value
/// ```
public struct ValidationRules: Sendable, Equatable {
    public enum Constraint: Sendable, Equatable {
        case range(UInt64, UInt64)
        case set([UInt64])
        case matches(String)
        case equalsField(String)
        case equals(UInt64)
        case notEquals(UInt64)
    }

    public struct Rule: Sendable, Equatable {
        public var type: String
        public var field: String
        public var constraint: Constraint
        /// 1-based line in the rules file, for messages.
        public var line: Int
        public var text: String
    }

    public var rules: [Rule]

    public init(rules: [Rule] = []) { self.rules = rules }

    /// Parses the rules text; a line that is not a rule is error 5007 naming the line.
    public static func parse(_ text: String) throws -> ValidationRules {
        var rules: [Rule] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if let hash = line.firstIndex(of: "#"), !line.contains(" matches ") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func fail(_ why: String) -> QbitelError {
                QbitelError(.badRulesFile, "rules line \(i + 1): \(why): \(line)", details: ["line": String(i + 1)])
            }
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
            guard parts.count == 3 else { throw fail("expected 'TYPE.FIELD OP VALUE'") }
            let lhs = parts[0].split(separator: ".", maxSplits: 1).map(String.init)
            guard lhs.count == 2, !lhs[0].isEmpty, !lhs[1].isEmpty else { throw fail("expected TYPE.FIELD on the left") }
            let rhs = parts[2].trimmingCharacters(in: .whitespaces)
            let c: Constraint
            switch parts[1] {
            case "in":
                if rhs.hasPrefix("{") && rhs.hasSuffix("}") {
                    let items = rhs.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    var vs: [UInt64] = []
                    for it in items { guard let v = number(it) else { throw fail("'\(it)' is not a number") }; vs.append(v) }
                    guard !vs.isEmpty else { throw fail("empty set") }
                    c = .set(vs)
                } else {
                    let ends = rhs.components(separatedBy: "..")
                    guard ends.count == 2, let a = number(ends[0]), let b = number(ends[1]), a <= b else {
                        throw fail("expected a range LOW..HIGH or a set {A, B}")
                    }
                    c = .range(a, b)
                }
            case "matches":
                do { _ = try NSRegularExpression(pattern: rhs) } catch { throw fail("not a valid regular expression") }
                c = .matches(rhs)
            case "==":
                if let v = number(rhs) { c = .equals(v) }
                else {
                    let r = rhs.split(separator: ".", maxSplits: 1).map(String.init)
                    guard r.count == 2, r[0] == lhs[0] || r[0] == "*" || lhs[0] == "*" else {
                        throw fail("cross-field equality needs a field of the same type")
                    }
                    c = .equalsField(r[1])
                }
            case "!=":
                guard let v = number(rhs) else { throw fail("'\(rhs)' is not a number") }
                c = .notEquals(v)
            default:
                throw fail("unknown operator '\(parts[1])' (in, matches, ==, !=)")
            }
            rules.append(Rule(type: lhs[0], field: lhs[1], constraint: c, line: i + 1, text: line))
        }
        return ValidationRules(rules: rules)
    }

    static func number(_ s: String) -> UInt64? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }
}
