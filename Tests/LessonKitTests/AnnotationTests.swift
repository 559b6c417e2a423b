import Testing
@testable import LessonKit

@Suite struct AnnotationTests {
    private func block(_ info: String) throws -> (CodeBlock, [Diagnostic]) {
        let l = try lesson("---\ntitle: a\n---\n\n```\(info)\n$ echo hi\n```\n")
        return (l.codeBlocks[0], l.diagnostics)
    }

    @Test func defaultsAreTheHarnesss() throws {
        let (b, d) = try block("bash")
        let a = b.reader.annotations
        #expect(a.test && a.timeout == 120 && a.wait == 0 && a.hook == nil && a.effectiveHookTimeout == 300)
        #expect(!a.expectError && !a.raw)
        #expect(b.markdownSh.annotations == a)
        #expect(d.isEmpty)
    }

    @Test func everyKeyIsRead() throws {
        let (b, d) = try block("bash test=false timeout=1200 wait=30 hook=wait-node hookTimeout=600 expectError=true raw=true")
        let a = b.reader.annotations
        #expect(!a.test && a.timeout == 1200 && a.wait == 30 && a.hook == "wait-node" && a.hookTimeout == 600)
        #expect(a.expectError && a.raw)
        #expect(b.markdownSh.annotations == a)
        #expect(d.isEmpty)
    }

    @Test(arguments: [
        ("timeout=abc", "timeout=abc is not valid: use a whole number of seconds from 1 to 86400"),
        ("timeout=-5", "timeout=-5 is not valid"),
        ("timeout=1e9", "timeout=1e9 is not valid"),
        ("timeout=0", "timeout=0 is not valid"),
        ("test=maybe", "test=maybe is not valid: use test=true or test=false"),
        ("wait=soon", "wait=soon is not valid"),
        ("expectError=yes", "expectError=yes is not valid"),
        ("hookTimeout=x", "hookTimeout=x is not valid"),
        ("hook=a/b", "hook=a/b is not valid"),
    ])
    func malformedValuesAreErrorsAtTheirColumn(annotation: String, message: String) throws {
        let (_, diagnostics) = try block("bash raw=false \(annotation)")
        let error = try #require(diagnostics.first)
        #expect(error.severity == .error)
        #expect(error.line == 5)
        #expect(error.column == 1 + 3 + "bash raw=false ".count)
        #expect(error.message.hasPrefix(message), "\(error.message)")
        #expect(error.description.hasPrefix("lesson.md:5:\(error.column): error: "))
    }

    @Test func unknownKeysAndBareWordsAreWarnings() throws {
        let (b, d) = try block("bash bash timeout=40 expecterror=true colour=blue")
        #expect(b.reader.annotations.timeout == 40)
        #expect(d.map(\.severity) == [.warning, .warning, .warning])
        #expect(d.map(\.code) == ["repeated-language-word", "unknown-annotation", "unknown-annotation"])
        #expect(d[1].message.contains("did you mean expectError?"))
        #expect(b.reader.annotations.unknown == ["expecterror": "true", "colour": "blue"])
    }

    @Test func markdownShReadsValuesLikeJavaScript() throws {
        let (b, _) = try block("bash timeout=10s wait=25  expectError=TRUE test=no")
        let ours = b.reader.annotations
        let theirs = b.markdownSh.annotations
        #expect(theirs.timeout == 10)
        #expect(theirs.wait == 25)
        #expect(!theirs.expectError)  // only the literal `true`
        #expect(theirs.test)  // anything but `false` means true
        #expect(ours.timeout == 120)  // rejected value keeps the default
    }

    @Test func markdownShSplitsOnSingleSpacesOnly() throws {
        let (b, _) = try block("bash timeout=30\twait=9")
        #expect(b.reader.annotations.timeout == 30)
        #expect(b.reader.annotations.wait == 9)
        // The harness sees one piece "timeout=30\twait=9" with two '=': it ignores it entirely.
        #expect(b.markdownSh.annotations.timeout == 120)
        #expect(b.markdownSh.annotations.wait == 0)
    }

    @Test func hookAndUnknownKeysAreKeptTogetherAndCompared() throws {
        let (b, _) = try block("bash colour=blue hook=wait-node size=2")
        let a = b.reader.annotations
        #expect(a.hook == "wait-node" && a.unknown == ["colour": "blue", "size": "2"])
        #expect(b.markdownSh.annotations == a)
        // Set in any order, by the model's users: one does not drop the other, and == compares what they say.
        var built = Annotations()
        built.unknown["size"] = "2"
        built.hook = "wait-node"
        built.unknown["colour"] = "blue"
        #expect(built == a)
        built.hook = "other"
        #expect(built != a && built.unknown == a.unknown)
        built.hook = nil
        #expect(built.hook == nil && built != a)
    }
}
