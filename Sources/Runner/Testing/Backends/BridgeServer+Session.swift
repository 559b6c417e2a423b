import Actions
import SessionBridge

extension BridgeServer {
    /// Answers the waiting clients with `session`'s native programs: each call runs with the
    /// client's own arguments and environment, its output relayed as it is written.
    @discardableResult
    public func serveWaiting(for session: Session) -> Int {
        serveWaiting { request, reply in
            let output = OutputStreams()
            output.onWrite = { text, isError in reply.write(text, isError: isError) }
            var environment: [String: String] = [:]
            for entry in request.environment {
                guard let equals = entry.firstIndex(of: "=") else { continue }
                environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
            return session.runProgram(request.program, arguments: Array(request.arguments.dropFirst()), environment: environment, output: output)
        }
    }
}
