import Foundation

/// Checks that need nothing but the process environment: the terminal and the libraries' versions.
public enum SystemChecks {
    /// TERM, colour support and a UTF-8 locale, judged from the environment so it also works without a TTY.
    public static func terminal(environment env: [String: String] = ProcessInfo.processInfo.environment,
                                isTTY: Bool = isatty(STDOUT_FILENO) == 1) -> HealthCheck {
        HealthCheck(name: "terminal") {
            let term = env["TERM"] ?? ""
            let locale = env["LC_ALL"] ?? env["LC_CTYPE"] ?? env["LANG"] ?? ""
            let utf8 = locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
            let colours: String
            if env["NO_COLOR"] != nil { colours = "no colour (NO_COLOR)" }
            else if term.contains("256color") || env["COLORTERM"] != nil { colours = "256 colours" }
            else if term.isEmpty || term == "dumb" || term == "vt100" { colours = "monochrome" }
            else { colours = "8 colours" }
            var notes = ["TERM=\(term.isEmpty ? "(unset)" : term)", colours,
                         utf8 ? "UTF-8 locale" : "no UTF-8 locale (C.UTF-8 will be used)"]
            if !isTTY { notes.append("stdout is not a terminal") }
            let status: HealthStatus = (term.isEmpty || term == "dumb") ? .degraded : .healthy
            return ComponentHealth(status: status, message: notes.joined(separator: ", "))
        }
    }

    /// Reports library versions handed in by the modules that link them.
    public static func libraries(_ versions: [String: String]) -> HealthCheck {
        HealthCheck(name: "libraries") {
            let msg = versions.keys.sorted().map { "\($0) \(versions[$0]!)" }.joined(separator: "; ")
            return ComponentHealth(status: .healthy, message: msg)
        }
    }
}
