/// How much of each kind of context a prompt carries; the builder steps down through `trimLadder` until the
/// prompt fits the model's context window.
struct PromptLimits: Sendable, Equatable {
    var hexBytes: Int
    var neighbours: Int
    var neighbourBytes: Int
    var notesChars: Int
    var grammarChars: Int
    var fields: Int
    var historyMessages: Int

    /// From the richest prompt to the barest one: old chat turns go first, then neighbours, then the grammar and
    /// notes shrink, and last the hex and field table of the message itself.
    static let trimLadder: [PromptLimits] = [
        PromptLimits(hexBytes: 512, neighbours: 4, neighbourBytes: 64, notesChars: 2000, grammarChars: 1500, fields: 64, historyMessages: 12),
        PromptLimits(hexBytes: 512, neighbours: 4, neighbourBytes: 64, notesChars: 2000, grammarChars: 1500, fields: 64, historyMessages: 4),
        PromptLimits(hexBytes: 512, neighbours: 2, neighbourBytes: 32, notesChars: 2000, grammarChars: 1500, fields: 64, historyMessages: 2),
        PromptLimits(hexBytes: 384, neighbours: 0, neighbourBytes: 0, notesChars: 1000, grammarChars: 600, fields: 64, historyMessages: 2),
        PromptLimits(hexBytes: 256, neighbours: 0, neighbourBytes: 0, notesChars: 500, grammarChars: 300, fields: 48, historyMessages: 0),
        PromptLimits(hexBytes: 128, neighbours: 0, neighbourBytes: 0, notesChars: 300, grammarChars: 0, fields: 32, historyMessages: 0),
        PromptLimits(hexBytes: 64, neighbours: 0, neighbourBytes: 0, notesChars: 200, grammarChars: 0, fields: 16, historyMessages: 0),
    ]
}
