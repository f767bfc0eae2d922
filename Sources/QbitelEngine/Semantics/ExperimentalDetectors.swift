/// Field-meaning detectors still being evaluated: each is tested on synthetic traffic but has not yet been measured
/// against enough real captures to run by default.
///
/// `FieldSemantics` calls them only when its `experimentalDetectors` option is on (the `experimental_detectors`
/// feature flag), so with the option off results stay comparable with earlier runs and these detectors cost nothing.
public enum ExperimentalDetectors {
    /// Names shown by `qbitel doctor` and the README.
    public static let names = ["host-order IPv4 address"]

    /// Every experimental detector's opinion on one field.
    public static func detect(_ occurrences: [FieldOccurrence], context: SemanticContext) -> [SemanticFinding] {
        var out: [SemanticFinding] = []
        if let f = HostOrderIPv4Detector.detect(occurrences, context: context) { out.append(f) }
        return out
    }
}
