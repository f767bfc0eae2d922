/// Every error and warning the program can report, with a stable number.
///
/// The numbers never change meaning once released: scripts and analysts match on them. Ranges: 1000s input and
/// discovery, 2000s detection (classifier), 3000s LLM, 4000s auth, 5000s validation, 9000s system.
/// The README's error table is generated from `ErrorCode.allCases` (`qbitel errors --markdown`), so it cannot drift.
public enum ErrorCode: Int, CaseIterable, Sendable, Codable, Comparable {
    // 1000s: input and discovery
    case fileNotFound = 1001
    case notARegularFile = 1002
    case fileUnreadable = 1003
    case emptyInput = 1004
    case unknownFormat = 1005
    case truncatedHeader = 1006
    case truncatedRecord = 1007
    case recordTooLarge = 1008
    case badBlockLength = 1009
    case unsupportedVersion = 1010
    case unknownLinkType = 1011
    case badIPv4Header = 1012
    case badTCPHeader = 1013
    case overlappingFragments = 1014
    case tcpGap = 1015
    case malformedPacket = 1016
    case badHexDump = 1017
    case messageTooLarge = 1018
    case noMessages = 1019
    case discoveryCancelled = 1020
    case discoveryPhaseFailed = 1021
    case badIPv6Header = 1022
    case badUDPHeader = 1023
    case incompleteFragments = 1024
    case badMessageIndex = 1025
    case tooManyMessages = 1026

    // 2000s: detection (protocol classifier)
    case modelNotFound = 2001
    case modelCorrupt = 2002
    case insufficientTrainingData = 2003
    case featureMismatch = 2004
    case badLabelManifest = 2005

    // 3000s: LLM copilot
    case providerUnreachable = 3001
    case providerTimeout = 3002
    case llmModelNotFound = 3003
    case providerBadRequest = 3004
    case providerServerError = 3005
    case streamInterrupted = 3006
    case malformedProviderResponse = 3007
    case circuitOpen = 3008
    case rateLimited = 3009
    case questionTooLong = 3010
    case copilotCancelled = 3011
    case cloudNotAllowed = 3012
    case contextBudgetExceeded = 3013
    case providerBusy = 3014
    case badSuggestion = 3015

    // 4000s: auth
    case missingAPIKey = 4001
    case unauthorized = 4002
    case forbidden = 4003

    // 5000s: validation, grammar and export
    case parseFailed = 5001
    case lengthMismatch = 5002
    case checksumMismatch = 5003
    case counterRegression = 5004
    case enumOutOfSet = 5005
    case ruleViolation = 5006
    case badRulesFile = 5007
    case badGrammar = 5008
    case exportFailed = 5009
    case emFailed = 5010

    // 9000s: system
    case workspaceNewerSchema = 9001
    case workspaceCorrupt = 9002
    case workspaceReadOnly = 9003
    case diskFull = 9004
    case ioError = 9005
    case configInvalid = 9006
    case themeInvalid = 9007
    case terminalUnsupported = 9008
    case interrupted = 9009
    case internalError = 9010
    case workspaceBusy = 9011
    case notFound = 9012
    case featureDisabled = 9013

    public static func < (a: ErrorCode, b: ErrorCode) -> Bool { a.rawValue < b.rawValue }

    /// The group a code belongs to, from its thousands digit.
    public var category: String {
        switch rawValue / 1000 {
        case 1: return "input and discovery"
        case 2: return "detection"
        case 3: return "LLM"
        case 4: return "auth"
        case 5: return "validation"
        default: return "system"
        }
    }

    /// One line for the README table and `qbitel errors`.
    public var summary: String {
        switch self {
        case .fileNotFound: return "The path does not exist."
        case .notARegularFile: return "The path is a directory or another non-regular file."
        case .fileUnreadable: return "The file exists but cannot be opened or mapped."
        case .emptyInput: return "The file or buffer holds no bytes."
        case .unknownFormat: return "Not a pcap, pcapng, hex dump or message folder."
        case .truncatedHeader: return "A file, section or packet header ends before its fixed size."
        case .truncatedRecord: return "A record or block runs past the end of the file."
        case .recordTooLarge: return "A record length exceeds the file or the 256 KiB snap length."
        case .badBlockLength: return "A pcapng block length is not a multiple of 4, too small, or disagrees with its trailer."
        case .unsupportedVersion: return "A pcap or pcapng major version this reader does not know."
        case .unknownLinkType: return "Warning: frames of an unknown link type were skipped."
        case .badIPv4Header: return "Warning: an IPv4 header length under 20 bytes or past the frame."
        case .badTCPHeader: return "Warning: a TCP data offset under 5 words or past the segment."
        case .overlappingFragments: return "Warning: IPv4 fragments overlap with different bytes."
        case .tcpGap: return "Warning: a TCP stream has bytes missing; the gap is marked."
        case .malformedPacket: return "Warning: a frame could not be decoded past some layer."
        case .badHexDump: return "A hex dump line is not valid hex."
        case .messageTooLarge: return "A message exceeds the 10 MB discovery limit."
        case .noMessages: return "The capture holds no UDP or TCP payload messages."
        case .discoveryCancelled: return "Discovery was cancelled."
        case .discoveryPhaseFailed: return "A discovery phase failed; partial results are kept."
        case .badIPv6Header: return "Warning: an IPv6 header or extension header is truncated."
        case .badUDPHeader: return "Warning: a UDP length field disagrees with the packet."
        case .incompleteFragments: return "Warning: IPv4 fragments never completed a datagram."
        case .badMessageIndex: return "A message number outside the capture."
        case .tooManyMessages: return "More messages than the configured discovery limit."
        case .modelNotFound: return "No classifier model with that id."
        case .modelCorrupt: return "A classifier model file or row cannot be decoded."
        case .insufficientTrainingData: return "Too few labelled flows to train or evaluate."
        case .featureMismatch: return "A model was trained on another feature set."
        case .badLabelManifest: return "A label manifest line cannot be read."
        case .providerUnreachable: return "The LLM provider cannot be reached (copilot offline)."
        case .providerTimeout: return "The LLM provider did not answer in time."
        case .llmModelNotFound: return "The provider does not have the configured model (HTTP 404)."
        case .providerBadRequest: return "The provider rejected the request (HTTP 400)."
        case .providerServerError: return "The provider failed (HTTP 5xx)."
        case .streamInterrupted: return "The answer stream stopped before it was done."
        case .malformedProviderResponse: return "The provider sent something that is not its API's format."
        case .circuitOpen: return "Too many recent failures: the provider is paused."
        case .rateLimited: return "Too many requests per minute."
        case .questionTooLong: return "The question exceeds 10,000 characters."
        case .copilotCancelled: return "The copilot request was cancelled."
        case .cloudNotAllowed: return "A cloud provider is configured but cloud fallback is off (air-gapped)."
        case .contextBudgetExceeded: return "The prompt cannot fit the model's context even after trimming."
        case .providerBusy: return "The provider is busy or rate limiting (HTTP 429/503)."
        case .badSuggestion: return "A structured answer from the copilot failed strict parsing."
        case .missingAPIKey: return "A cloud provider was enabled without an API key in the environment."
        case .unauthorized: return "The provider refused the credentials (HTTP 401)."
        case .forbidden: return "The provider refused access (HTTP 403)."
        case .parseFailed: return "A message does not parse under the grammar."
        case .lengthMismatch: return "A length field disagrees with the bytes."
        case .checksumMismatch: return "A checksum field does not verify."
        case .counterRegression: return "A counter went backwards within a flow."
        case .enumOutOfSet: return "An enumeration value outside its learned set."
        case .ruleViolation: return "A user rule from the rules file is violated."
        case .badRulesFile: return "The rules file cannot be read."
        case .badGrammar: return "A grammar document is invalid or of an unknown version."
        case .exportFailed: return "An export could not be written."
        case .emFailed: return "Grammar refinement (EM) could not proceed."
        case .workspaceNewerSchema: return "The workspace was written by a newer version; it is left untouched."
        case .workspaceCorrupt: return "The workspace file is not a valid SQLite database; it is left untouched."
        case .workspaceReadOnly: return "The workspace cannot be written (read-only file or folder)."
        case .diskFull: return "The disk is full."
        case .ioError: return "A file could not be read or written."
        case .configInvalid: return "The configuration file or an environment variable is invalid."
        case .themeInvalid: return "A theme file is invalid; the default theme is used."
        case .terminalUnsupported: return "The terminal cannot run the workbench (TERM unknown or dumb)."
        case .interrupted: return "Stopped by a signal."
        case .internalError: return "An internal invariant failed."
        case .workspaceBusy: return "The workspace stayed locked past the busy timeout."
        case .notFound: return "The named item does not exist in the workspace."
        case .featureDisabled: return "The feature is switched off by a flag."
        }
    }

    /// True for codes that are reported as warnings next to a result rather than as a failure.
    public var isWarning: Bool {
        switch self {
        case .unknownLinkType, .badIPv4Header, .badTCPHeader, .overlappingFragments, .tcpGap, .malformedPacket,
             .badIPv6Header, .badUDPHeader, .incompleteFragments:
            return true
        default:
            return false
        }
    }
}
