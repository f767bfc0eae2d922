import QbitelCopilot

extension FeatureFlags {
    /// With `cloud_fallback` off the cloud provider is never constructed, whatever the copilot file says: the
    /// switch an air-gapped site sets once, in one place.
    public func apply(to config: inout CopilotConfiguration) {
        if !isEnabled(.cloudFallback) { config.allowCloudFallback = false }
    }
}
