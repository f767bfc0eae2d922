import Testing
@testable import QbitelEngine

@Suite struct TextTokenizerTests {
    static func bounds(_ s: String) -> [Int] {
        let msgs = SyntheticTraffic.messages([Array(s.utf8)])
        return TextTokenizer.boundaries(MessageBytes(msgs[0])).map(\.offset)
    }

    @Test func commandSeparatorParameterAndLineEnd() {
        #expect(Self.bounds("MAIL FROM:<a@b>\r\n") == [4, 5, 15])
        #expect(Self.bounds("250-ok\r\n250 done\r\n") == [3, 4, 6, 8, 11, 12, 16])
    }

    @Test func bareLineFeedIsContentNotALineEnd() {
        // A record with a trailing LF and a multi-line text: one tag, one text, no line edges.
        #expect(Self.bounds("<34>app: text\n") == [4])
        #expect(Self.bounds("<34>first\n0 second line\n") == [4])
        // CR LF still ends a line, and an LF inside a CR LF line stays content.
        #expect(Self.bounds("250 a\nb\r\n250 c\r\n") == [3, 4, 7, 9, 12, 13, 14])
    }

    @Test func taggedPriority() {
        #expect(Self.bounds("<34>Oct 11 host app: text") == [4])
    }

    @Test func firstTokenSkipsLeadingPunctuation() {
        let msgs = SyntheticTraffic.messages([Array("<13>x".utf8), Array("".utf8)])
        #expect(TextTokenizer.firstToken(MessageBytes(msgs[0])) == "13")
        #expect(TextTokenizer.firstTokenHash(MessageBytes(msgs[1])) == -2)
        #expect(!TextTokenizer.isText(MessageBytes(msgs[1])))
    }
}
