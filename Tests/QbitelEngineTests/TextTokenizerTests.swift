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

    @Test func leadingTimestampAndTwoHeaderWordsAreFields() {
        // tag | timestamp | space | source | space | program | `: text`
        #expect(Self.bounds("<34>Oct 11 22:14:15 host app: text") == [4, 19, 20, 24, 25, 28])
        // A space-padded day and a program name followed by `[pid]`.
        #expect(Self.bounds("<34>Oct  1 22:14:15 host app[42]: text") == [4, 19, 20, 24, 25, 28])
        // Other words after the timestamp are free text: only the timestamp's edges.
        #expect(Self.bounds("<34>Oct 11 22:14:15 free text words here") == [4, 19, 20])
    }

    @Test func isoTimestampBehindAVersionNumber() {
        // tag | 1 | space | 2003-10-11T22:14:15.003Z | space | host, app, process and message id words | rest
        #expect(Self.bounds("<165>1 2003-10-11T22:14:15.003Z mymachine app - - text")
                == [5, 6, 7, 31, 32, 41, 42, 45, 46, 47, 48, 49, 50])
        #expect(Self.bounds("<165>1 2003-10-11T22:14:15-07:00 host app 42 - text")
                == [5, 6, 7, 32, 33, 37, 38, 41, 42, 44, 45, 46, 47])
        // A versioned header without a time: `-` in its place.
        #expect(Self.bounds("<45>1 - - app 841 - text") == [4, 5, 6, 7, 8, 9, 10, 13, 14, 17, 18, 19, 20])
    }

    @Test func timestampInsideFreeTextIsNotAHeader() {
        #expect(Self.bounds("<34>64: Mar  3 20:02:09.468: %LINK-3-UPDOWN") == [4])
        #expect(Self.bounds("<34>854 08/20/2013-19:05:28 CONFIG") == [4])
        // Not a full clock: no timestamp.
        #expect(Self.bounds("<34>2003-10-11 22:14 host app: x") == [4])
    }

    @Test func requestAndStatusLinesSplitIntoWords() {
        // method | space | target | space | version | CR LF
        #expect(Self.bounds("GET /a HTTP/1.1\r\n") == [3, 4, 6, 7, 15])
        // version | space | code | space | phrase (kept whole, spaces and all) | CR LF
        #expect(Self.bounds("SIP/2.0 404 Not Found\r\n") == [7, 8, 11, 12, 21])
        // No version word: a command and its free-text parameter, as before.
        #expect(Self.bounds("MAIL FROM:<a@b> SIZE\r\n") == [4, 5, 20])
        // A version word needs a slash, digits and a dot.
        #expect(Self.bounds("GET /a HTTP\r\n") == [3, 4, 11])
    }

    @Test func aHyphenEndsOnlyANumericKey() {
        // No edge after "User": a plain header line is one field with its line end.
        #expect(Self.bounds("User-Agent: x\r\n") == [])
        #expect(Self.bounds("250-ok\r\n") == [3, 4, 6])
    }

    @Test func commandArgumentsEndingInANumberAreFields() {
        // set | key | flags | exptime | bytes
        #expect(Self.bounds("set k:1 0 60 5\r\n") == [3, 4, 7, 8, 9, 10, 12, 13, 14])
        #expect(Self.bounds("STAT pid 42\r\n") == [4, 5, 8, 9, 11])
        // Free text after the key token stays one piece, even when it ends in a number.
        #expect(Self.bounds("250 mail ready at port 25\r\n") == [3, 4, 25])
        #expect(Self.bounds("221 2.0.0 Bye\r\n") == [3, 4, 13])
    }

    @Test func headerLinesAndTheBody() {
        // status line | "Server: x\r\n" one field with its line end | blank line | body as one field
        let msg = "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nline one\r\nline two\r\n"
        #expect(Self.bounds(msg) == [8, 9, 12, 13, 15, 17, 28, 30])
    }

    @Test func structuredHeaderValuesSplitIntoTheirParts() {
        // "To: " | < | sip: | bob | @ | h | : | 5060 | >;tag= | 1 | CR LF
        #expect(Self.bounds("To: <sip:bob@h:5060>;tag=1\r\n") == [4, 5, 9, 12, 13, 14, 15, 19, 25, 26])
        #expect(TextTokenizer.isHeaderLine(Self.view("Call-ID: 1"), from: 0, to: 10))
        #expect(!TextTokenizer.isHeaderLine(Self.view("MAIL FROM:<a>"), from: 0, to: 13))
    }

    static func view(_ s: String) -> MessageBytes { MessageBytes(SyntheticTraffic.messages([Array(s.utf8)])[0]) }

    @Test func firstTokenSkipsLeadingPunctuation() {
        let msgs = SyntheticTraffic.messages([Array("<13>x".utf8), Array("".utf8)])
        #expect(TextTokenizer.firstToken(MessageBytes(msgs[0])) == "13")
        #expect(TextTokenizer.firstTokenHash(MessageBytes(msgs[1])) == -2)
        #expect(!TextTokenizer.isText(MessageBytes(msgs[1])))
    }
}
