import Testing
import JSON
@testable import Transcript

/// Inputs `make fuzz` found that crashed; each must now read (or be refused) without trapping.
@Suite struct FuzzRegressionTests {
    /// A header's height of 6.7e37 was converted to Int as it was, which traps.
    @Test func absurdTerminalSizesAndTimestampsDoNotTrap() throws {
        for header in [#"{"version":2,"width":80,"height":66666666666666666666666666666666666640,"timestamp":0}"#,
                       #"{"version":2,"width":-1e308,"height":1e999,"timestamp":1e300}"#,
                       #"{"version":3,"term":{"cols":1e30,"rows":-5},"timestamp":-1e40}"#,
                       #"{"version":1,"width":1e40,"height":24,"stdout":[]}"#] {
            let cast = try AsciicastReader.decode(header + "\n", file: "f.cast")
            #expect((0...10_000).contains(cast.header.width) && (0...10_000).contains(cast.header.height), "\(header)")
        }
    }

    @Test func aStepRecordWithAbsurdTimesReadsAsZero() throws {
        let session = #"{"type":"session","workshop":"0.2.0","lessons":[],"seed":"1","speed":"max"}"#
        let step = #"{"type":"step","step":1,"command":"x","status":0,"simStartMs":1e300,"simEndMs":-1e300}"#
        let log = try StepLog.decode(session + "\n" + step + "\n", file: "f.steps.jsonl")
        #expect(log.steps.first?.simulatedStart == 0)
    }
}
