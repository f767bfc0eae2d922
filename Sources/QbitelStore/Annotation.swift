import Foundation
import QbitelEngine

/// What an annotation is attached to, keyed so it survives a re-run of discovery on the same capture.
///
/// The capture is its content hash; a type is its `TypeSignature` plus its anchor message (and, for one part of a
/// type the analyst split, that part); a field is its byte offset within the type; a message is its index in the
/// capture (stable for the same bytes).
public struct AnnotationTarget: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case capture, type, field, message }

    public var kind: Kind
    public var typeSignature: String
    public var anchorMessage: Int
    public var fieldOffset: Int
    public var messageIndex: Int
    /// For a part of a split type: the byte value that selects it (two hex digits) or `short`; empty otherwise.
    public var subtype: String

    public init(kind: Kind, typeSignature: String = "", anchorMessage: Int = -1, fieldOffset: Int = -1, messageIndex: Int = -1,
                subtype: String = "") {
        self.kind = kind
        self.typeSignature = typeSignature
        self.anchorMessage = anchorMessage
        self.fieldOffset = fieldOffset
        self.messageIndex = messageIndex
        self.subtype = subtype
    }

    enum CodingKeys: String, CodingKey { case kind, typeSignature, anchorMessage, fieldOffset, messageIndex, subtype }

    /// Exports written before split parts existed have no `subtype`: they name whole types.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        typeSignature = try c.decode(String.self, forKey: .typeSignature)
        anchorMessage = try c.decode(Int.self, forKey: .anchorMessage)
        fieldOffset = try c.decode(Int.self, forKey: .fieldOffset)
        messageIndex = try c.decode(Int.self, forKey: .messageIndex)
        subtype = try c.decodeIfPresent(String.self, forKey: .subtype) ?? ""
    }

    /// The type this target names, as a reference (for merges into it).
    public var typeReference: TypeReference {
        TypeReference(typeSignature: typeSignature, anchorMessage: anchorMessage, subtype: subtype)
    }

    /// The capture as a whole (comments, bookmarks on the file).
    public static var capture: AnnotationTarget { AnnotationTarget(kind: .capture) }

    public static func type(_ t: StoredType) -> AnnotationTarget {
        AnnotationTarget(kind: .type, typeSignature: t.signature, anchorMessage: t.anchorMessage)
    }

    public static func field(_ t: StoredType, offset: Int) -> AnnotationTarget {
        AnnotationTarget(kind: .field, typeSignature: t.signature, anchorMessage: t.anchorMessage, fieldOffset: offset)
    }

    public static func message(_ index: Int) -> AnnotationTarget {
        AnnotationTarget(kind: .message, messageIndex: index)
    }
}

/// An analyst's note on a capture, type, field or message: a name, a kind override, a comment, a bookmark; on a
/// type also how the analyst regrouped it: split by the byte at an offset, or merged into another type.
public struct Annotation: Sendable, Codable, Equatable {
    public var target: AnnotationTarget
    public var name: String?
    public var kindOverride: FieldKind?
    public var comment: String?
    public var bookmarked: Bool
    /// The type is split into parts by the value of the byte at this offset.
    public var splitOffset: Int?
    /// The type (or split part) is shown as part of this type.
    public var mergeInto: TypeReference?
    public var author: String
    public var updatedAt: Date

    public init(target: AnnotationTarget, name: String? = nil, kindOverride: FieldKind? = nil, comment: String? = nil,
                bookmarked: Bool = false, splitOffset: Int? = nil, mergeInto: TypeReference? = nil, author: String,
                updatedAt: Date = Date()) {
        self.target = target
        self.name = name
        self.kindOverride = kindOverride
        self.comment = comment
        self.bookmarked = bookmarked
        self.splitOffset = splitOffset
        self.mergeInto = mergeInto
        self.author = author
        self.updatedAt = updatedAt
    }
}

/// A change to an annotation: only the parts that are set change; `.some(nil)` clears a part.
public struct AnnotationChange: Sendable {
    public var name: String??
    public var kindOverride: FieldKind??
    public var comment: String??
    public var bookmarked: Bool?
    public var splitOffset: Int??
    public var mergeInto: TypeReference??

    public init(name: String?? = nil, kindOverride: FieldKind?? = nil, comment: String?? = nil, bookmarked: Bool? = nil,
                splitOffset: Int?? = nil, mergeInto: TypeReference?? = nil) {
        self.name = name
        self.kindOverride = kindOverride
        self.comment = comment
        self.bookmarked = bookmarked
        self.splitOffset = splitOffset
        self.mergeInto = mergeInto
    }
}

/// An annotation placed on a run: which type of that run it belongs to now, or nil when it no longer fits.
public struct PlacedAnnotation: Sendable, Equatable {
    public var annotation: Annotation
    /// The run-local type id (`T3`) for type and field annotations; nil for capture and message annotations or
    /// when no type of the run matches (an orphan, still kept).
    public var typeID: String?
    /// For field annotations: whether the type still has a field at that offset.
    public var fieldFound: Bool
    /// For a merge: the run-local id of the type it was merged into (without the split part), nil when that type
    /// no longer matches any type of the run.
    public var mergeIntoTypeID: String?

    public init(annotation: Annotation, typeID: String?, fieldFound: Bool, mergeIntoTypeID: String? = nil) {
        self.annotation = annotation
        self.typeID = typeID
        self.fieldFound = fieldFound
        self.mergeIntoTypeID = mergeIntoTypeID
    }
}
