import CEditShim
import Foundation
import Testing

/// The libedit shim: history entries (UTF-8 included) survive a save and a load, as the shell needs.
@Suite struct HistoryFileTests {
    @Test func historyRoundTripsThroughAFile() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let path = NSTemporaryDirectory() + "workshop-history-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }

        let writer = try #require(history_init())
        #expect(cel_hist_setsize(writer, 100) >= 0)
        for line in ["aws eks list-clusters", "kubectl get nodes --watch", "echo café ü 日本"] {
            #expect(cel_hist_enter(writer, line) >= 0)
        }
        #expect(cel_hist_save(writer, path) == 3)
        history_end(writer)

        let reader = try #require(history_init())
        defer { history_end(reader) }
        _ = cel_hist_setsize(reader, 100)
        #expect(cel_hist_load(reader, path) == 3)
        #expect(cel_hist_count(reader) == 3)
        var buffer = [CChar](repeating: 0, count: 256)
        #expect(cel_hist_entry(reader, 0, &buffer, 256) > 0)
        #expect(String(cString: buffer) == "echo café ü 日本")
    }

    @Test func missingHistoryFileLoadsNothing() throws {
        let history = try #require(history_init())
        defer { history_end(history) }
        #expect(cel_hist_load(history, "/nonexistent/workshop/history") < 0)
    }
}
