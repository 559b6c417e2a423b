import Testing
import Transcript

/// Recordings from asciinema itself (every version) and from Workshop read the same way.
@Suite struct AsciicastReadingTests {
    @Test func readsVersion2AsAsciinemaWritesIt() throws {
        let text = """
            {"version": 2, "width": 100, "height": 30, "timestamp": 1700000000, "idle_time_limit": 2.0, "env": {"SHELL": "/bin/bash", "TERM": "xterm-256color"}}
            [0.25, "o", "$ kubectl get nodes\\r\\n"]
            [1.5, "m", "Step 1/6"]
            [2.0, "o", "NAME   STATUS\\r\\n"]
            [2.5, "r", "120x40"]

            """
        let cast = try AsciicastReader.decode(text, file: "a.cast")
        #expect(cast.version == 2)
        #expect(cast.header.width == 100 && cast.header.height == 30 && cast.header.idleTimeLimit == 2)
        #expect(cast.header.environment.first?.value == "/bin/bash")
        #expect(cast.events.map(\.code) == [.output, .marker, .output, .resize])
        #expect(cast.markers.map(\.label) == ["Step 1/6"])
        #expect(cast.outputText == "$ kubectl get nodes\r\nNAME   STATUS\r\n")
        #expect(!cast.truncated)
    }

    @Test func readsVersion3Intervals() throws {
        let text = """
            {"version": 3, "term": {"cols": 80, "rows": 24, "type": "xterm"}, "timestamp": 1700000000}
            # a comment line
            [0.5, "o", "a"]
            [0.25, "o", "b"]
            [1.0, "x", "0"]

            """
        let cast = try AsciicastReader.decode(text, file: "b.cast")
        #expect(cast.version == 3)
        #expect(cast.events.map(\.time) == [0.5, 0.75, 1.75])
        #expect(cast.events.last?.code == .exit)
    }

    @Test func readsVersion1Document() throws {
        let text = """
            {
              "version": 1, "width": 80, "height": 24, "duration": 1.5, "command": "/bin/bash", "title": "demo",
              "env": {"TERM": "xterm"},
              "stdout": [[0.5, "hello "], [1.0, "world\\r\\n"]]
            }
            """
        let cast = try AsciicastReader.decode(text, file: "c.json")
        #expect(cast.version == 1)
        #expect(cast.events.map(\.time) == [0.5, 1.5])
        #expect(cast.outputText == "hello world\r\n")
        #expect(cast.header.title == "demo")
    }

    @Test func aCutOffLastLineIsTruncationNotFailure() throws {
        let text = "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.1, \"o\", \"one\\n\"]\n[0.2, \"o\", \"tw"
        let cast = try AsciicastReader.decode(text, file: "d.cast")
        #expect(cast.truncated)
        #expect(cast.events.count == 1)
    }

    @Test(arguments: [
        ("", "empty file"),
        ("hello\n", "not an asciicast recording"),
        ("{\"version\": 7}\n", "version 7 is not supported"),
        ("{\"version\": 2}\n", "needs \"width\" and \"height\""),
        ("{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.1, \"o\"]\n[0.2, \"o\", \"x\"]\n", "d.cast:2: not an event"),
        ("{\"version\": 1, \"width\": 80, \"height\": 24}", "needs a \"stdout\" array"),
    ])
    func badFilesSayWhatIsWrongAndWhere(text: String, message: String) {
        #expect {
            _ = try AsciicastReader.decode(text, file: "d.cast")
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func writtenEventsReadBack() throws {
        let header = Asciicast.Header(width: 120, height: 40, timestamp: 1, idleTimeLimit: 2, title: "t", environment: [("TERM", "xterm")])
        let events = [Asciicast.Event(time: 0.1, code: .output, data: "é \u{1b}[1mbold\u{1b}[0m \"q\" \\ \n"),
                      Asciicast.Event(time: 1.25, code: .marker, data: "Phase 2/4")]
        let text = ([AsciicastV2.encode(header: header)] + events.map { AsciicastV2.encode(event: $0) }).joined(separator: "\n") + "\n"
        let cast = try AsciicastReader.decode(text, file: "e.cast")
        #expect(cast.header == header)
        #expect(cast.events == events)
    }
}
