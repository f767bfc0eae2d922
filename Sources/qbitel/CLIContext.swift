import QbitelOps

/// Process-wide setup done once, on first use: the JSON log file every logger writes to.
enum CLIContext {
    /// Bootstraps swift-log on first access (swift-log allows one bootstrap per process); immutable afterwards.
    static let logFile: LogFile? = LogSetup.bootstrap()
}
