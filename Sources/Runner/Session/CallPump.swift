import SessionBridge
#if canImport(Glibc)
import Glibc
#endif

/// Serves a session's bridge inside a poll loop: takes each waiting client's call in arrival
/// order, runs it at once (one at a time) through `serve`, and writes the buffered answers out as
/// the clients read them. The loop that drives it never blocks on a slow client, so a call whose
/// answer is larger than a pipe holds (`kubectl get pods -A -o json | jq …`) cannot stall the
/// session while it is also reading the bash that made the call.
final class CallPump {
    let bridge: BridgeServer
    private let serve: (BridgeCall) -> Int32
    /// Answers still being written.
    private var open: [BridgeReply] = []
    /// Let go of while the loop waits, when the session's cluster is shared (`run --serve`).
    var lease: SimulatorLease?

    init(bridge: BridgeServer, serve: @escaping (BridgeCall) -> Int32) {
        self.bridge = bridge
        self.serve = serve
    }

    /// The descriptors to poll: the listening socket, then each unfinished answer.
    var descriptors: [pollfd] {
        [pollfd(fd: bridge.descriptor, events: Int16(POLLIN), revents: 0)]
            + open.map { pollfd(fd: $0.descriptor, events: Int16(POLLOUT), revents: 0) }
    }

    /// poll(2) on `fds` for up to `timeout` milliseconds, the cluster left to a sharer meanwhile.
    func wait(_ fds: inout [pollfd], timeout: Int32) -> Int32 {
        guard let lease else { return poll(&fds, nfds_t(fds.count), timeout) }
        return lease.whileWaiting { poll(&fds, nfds_t(fds.count), timeout) }
    }

    /// Acts on a poll's results for ``descriptors`` (in the same order).
    func handle(_ polled: ArraySlice<pollfd>) {
        if polled.first.map({ $0.revents != 0 }) ?? false {
            while let call = bridge.acceptCall() {
                call.reply.finish(status: serve(call))
                if !call.reply.flush() { open.append(call.reply) }
            }
        }
        flush()
    }

    /// Writes what the clients will take now.
    func flush() {
        open.removeAll { $0.flush() }
    }

}
