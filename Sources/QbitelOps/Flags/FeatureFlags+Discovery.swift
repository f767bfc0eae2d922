import QbitelEngine

extension FeatureFlags {
    /// With `experimental_detectors` on, the semantics stage also runs `ExperimentalDetectors`; off, they are never
    /// called and results match runs made before they existed (and the workspace cache keeps them apart).
    public func apply(to options: inout DiscoveryOptions) {
        options.experimentalDetectors = isEnabled(.experimentalDetectors)
    }

    /// Whether `qbitel demo` adds the trainer extras (the step with every detector's opinion on each field).
    public var trainerExtras: Bool { isEnabled(.trainerExtras) }
}
