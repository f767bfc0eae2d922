import ArgumentParser
import Foundation
import QbitelCopilot
import QbitelEngine
import QbitelOps
import QbitelStore
import QbitelTUI

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the health of the workspace, copilot, themes, terminal and libraries.",
        discussion: "Exit code: 0 healthy, 1 degraded, 2 unhealthy (the worst component).")

    @Flag(help: "Print one JSON document: {status, components: {NAME: {status, latency_ms, message}}}.") var json = false
    @Option(help: "Workspace file (default: $XDG_DATA_HOME/qbitel/workspace.sqlite).") var workspace: String?
    @Option(help: "Seconds to wait for the copilot provider.") var timeout: Double = 2

    func run() async throws {
        let wsPath = WorkspaceLocation.resolve(override: workspace)
        let report = await HealthReport.run([
            Self.workspaceCheck(path: wsPath),
            Self.copilotCheck(timeout: timeout),
            Self.themesCheck(),
            Self.flagsCheck(),
            SystemChecks.terminal(),
            SystemChecks.libraries(Self.libraryVersions(workspacePath: wsPath)),
        ])
        if json {
            emit(try report.json())
            emit("\n")
        } else {
            emit(report.text())
        }
        if report.status != .healthy { throw ExitCode(report.status.exitCode) }
    }

    /// Opens the workspace read-only (doctor never creates or changes it) and runs the integrity checks.
    static func workspaceCheck(path: String) -> HealthCheck {
        HealthCheck(name: "workspace") {
            guard FileManager.default.fileExists(atPath: path) else {
                return ComponentHealth(status: .healthy, message: "\(path) does not exist yet; it is created on first use")
            }
            do {
                let ws = try Workspace(path: path, access: .readOnly)
                defer { try? ws.close() }
                let r = try ws.check()
                if r.isOK {
                    return ComponentHealth(status: .healthy, message: "\(path): schema v\(r.schemaVersion), integrity ok")
                }
                var problems = r.integrity.filter { $0 != "ok" }.prefix(3).map { $0 }
                problems += r.foreignKeyViolations.prefix(3)
                if r.schemaVersion != r.latestSchemaVersion {
                    problems.append("schema v\(r.schemaVersion), current v\(r.latestSchemaVersion) (migrates on next write)")
                }
                let status: HealthStatus = r.integrity == ["ok"] && r.foreignKeyViolations.isEmpty ? .degraded : .unhealthy
                return ComponentHealth(status: status, message: "\(path): " + problems.joined(separator: "; "))
            } catch let e as QbitelError {
                return ComponentHealth(status: .unhealthy, message: e.description)
            } catch {
                return ComponentHealth(status: .unhealthy, message: "\(error)")
            }
        }
    }

    /// Reachable, version and model present; an offline copilot is degraded, not unhealthy: everything else works.
    static func copilotCheck(timeout: Double) -> HealthCheck {
        HealthCheck(name: "copilot") {
            do {
                var config = try CopilotConfiguration.load()
                (try? FeatureFlags.load())?.apply(to: &config)
                let health = await Copilot(configuration: config).probe(timeout: timeout)
                let status: HealthStatus = health.reachable && health.modelPresent ? .healthy : .degraded
                return ComponentHealth(status: status, message: health.summary)
            } catch let e as QbitelError {
                return ComponentHealth(status: .unhealthy, message: e.description)
            } catch {
                return ComponentHealth(status: .unhealthy, message: "\(error)")
            }
        }
    }

    /// Every theme file on the search path must parse; the built-in default always exists.
    static func themesCheck() -> HealthCheck {
        HealthCheck(name: "themes") {
            var parsed: [String] = []
            var broken: [String] = []
            for dir in ThemeLoader.defaultSearchDirectories() {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                for f in files.sorted() where f.hasSuffix(".theme") {
                    let path = dir + "/" + f
                    do {
                        _ = try ThemeLoader.loadOrThrow(path, searchDirectories: [])
                        parsed.append(String(f.dropLast(6)))
                    } catch {
                        broken.append("\(error)")
                    }
                }
            }
            if !broken.isEmpty {
                return ComponentHealth(status: .degraded, message: "broken: " + broken.joined(separator: "; "))
            }
            let list = parsed.isEmpty ? "no theme files found; built-in themes in use" : parsed.joined(separator: ", ")
            return ComponentHealth(status: .healthy, message: list)
        }
    }

    static func flagsCheck() -> HealthCheck {
        HealthCheck(name: "features") {
            do {
                let f = try FeatureFlags.load()
                let list = FeatureFlags.Feature.allCases.map { "\($0.rawValue)=\(f.isEnabled($0) ? "on" : "off")" }
                let detectors = f.isEnabled(.experimentalDetectors)
                    ? "; experimental detectors: " + ExperimentalDetectors.names.joined(separator: ", ") : ""
                return ComponentHealth(status: .healthy, message: list.joined(separator: ", ") + detectors)
            } catch let e as QbitelError {
                return ComponentHealth(status: .unhealthy, message: e.description)
            } catch {
                return ComponentHealth(status: .unhealthy, message: "\(error)")
            }
        }
    }

    static func libraryVersions(workspacePath: String) -> [String: String] {
        var v: [String: String] = [
            "libcurl": CopilotInfo.curlVersion.split(separator: " ").first.map(String.init) ?? CopilotInfo.curlVersion,
            "ncursesw": TerminalInfo.cursesVersion,
            "engine": QbitelEngineInfo.version,
        ]
        // SQLite's version comes from a throwaway workspace, so doctor never touches the real one to learn it.
        let probe = NSTemporaryDirectory() + "qbitel-doctor-\(UUID().uuidString).sqlite"
        if let ws = try? Workspace(path: probe) {
            v["sqlite"] = (try? ws.sqliteVersion()) ?? "?"
            try? ws.close()
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: probe + suffix) }
        return v
    }
}
