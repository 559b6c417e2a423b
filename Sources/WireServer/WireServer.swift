import Actions
import ClusterSim
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `workshop serve`: the simulated cluster on the real wire. The AWS services (EKS, SSM, EC2, Auto
/// Scaling) and the Kubernetes API share one HTTP/1.1 port, served by Hummingbird on SwiftNIO; every
/// request is answered by the same simulator code the native `aws` and `kubectl` use.
public final class WireServer: Sendable {
    public struct Configuration: Sendable {
        public var address: String
        public var port: Int
        public var access: AccessPolicy
        /// Larger request bodies are refused (413) before they are read in full.
        public var maxBodyBytes: Int
        /// A connection whose next request's head is not complete this long after it opened (or
        /// after the previous reply) is closed: idle clients and clients trickling headers alike.
        public var idleTimeout: Duration
        /// A request whose body has not arrived in full this long after its head gets 408.
        public var bodyTimeout: Duration

        public init(address: String = "127.0.0.1", port: Int = 0, access: AccessPolicy = .loopback,
                    maxBodyBytes: Int = StoreError.maxRequestBytes, idleTimeout: Duration = .seconds(60), bodyTimeout: Duration = .seconds(30)) {
            self.address = address
            self.port = port
            self.access = access
            self.maxBodyBytes = maxBodyBytes
            self.idleTimeout = idleTimeout
            self.bodyTimeout = bodyTimeout
        }
    }

    public let host: SimulationHost
    public let configuration: Configuration
    let region: String

    public init(host: SimulationHost, region: String, configuration: Configuration = Configuration()) {
        self.host = host
        self.region = region
        self.configuration = configuration
    }

    /// Answers one request without a socket (tests, fuzzing, benchmarks).
    public func respond(_ request: WireRequest) -> WireResponse {
        if KubernetesPath.isKubernetes(request.path) {
            guard configuration.access.admitsKubernetes(authorization: request.headers["authorization"]) else {
                return KubernetesHandler.status(.unauthorized())
            }
            return KubernetesHandler(host: host, serverAddress: "\(configuration.address):\(configuration.port)").handle(request)
        }
        return AWSHandler(host: host, defaultRegion: region, access: configuration.access).handle(request)
    }

    /// Every change to objects of a type from now on, in batches (one per change of the cluster), as watches over the wire get them (for programs
    /// embedding the server: an observer, a benchmark). `cancel` ends the stream.
    public func watch(group: String, version: String = "v1", plural: String) -> (events: AsyncStream<[WatchEvent]>, cancel: @Sendable () -> Void)? {
        guard let type = KubernetesAPI.resourceType(group: group, version: version, plural: plural) else { return nil }
        let hub = host.hub
        let subscription = host.access { simulator in hub.subscribe(type, after: WatchHub.resourceVersion(simulator), simulator: simulator) }
        return (subscription.events, { hub.unsubscribe(type, id: subscription.id) })
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    /// Serves until the task is cancelled (or SIGINT/SIGTERM); `onReady` gets the bound port.
    public func run(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "workshop-serve")
        logger.logLevel = .critical
        let responder = WireResponder(server: self)
        var app = Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Self.nanoseconds(configuration.idleTimeout)))),
            configuration: .init(address: .hostname(configuration.address, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
        app.addServices(ClockService(host: host))
        // The HTTP server shuts down first and waits for its replies to end; a watch ends only when
        // told. So a stop signal ends every watch at once, before the server waits for them.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let watcher = Task { [host] in
            for await _ in signals {
                host.hub.finishAll()
                host.stopClock()
            }
        }
        defer { watcher.cancel() }
        // Requests are handled on threads of the server's own (see ServerThreads).
        let threads = ServerThreads()
        defer { threads.shutDown() }
        if #available(macOS 15, *) {
            try await withTaskExecutorPreference(threads) {
                try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
            }
        } else {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        }
    }
}

/// Runs the served cluster's clock beside the server; on shutdown (Ctrl-C, SIGTERM, a cancelled
/// task) it ends every watch, so the server's graceful shutdown — which waits for replies to finish —
/// is not held open by a `kubectl get -w` that would never end on its own.
struct ClockService: Service {
    let host: SimulationHost

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await host.runClock()
            } onCancel: {
                host.hub.finishAll()
            }
        } onGracefulShutdown: {
            host.hub.finishAll()
            host.stopClock()
        }
    }
}

extension KubernetesPath {
    static func isKubernetes(_ path: String) -> Bool {
        for prefix in ["/api", "/apis", "/version", "/openapi", "/healthz", "/livez", "/readyz"] {
            if path == prefix || path.hasPrefix(prefix + "/") || path.hasPrefix(prefix + "?") { return true }
        }
        return false
    }
}

/// Hummingbird's side: collects the body (bounded), hands a `WireRequest` to the server and writes
/// its reply, streaming watches line by line.
struct WireResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let server: WireServer

    func respond(to request: Request, context: Context) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = headers[field.name.canonicalName].map { $0 + "," + field.value } ?? field.value }
        let body: ByteBuffer
        let limit = server.configuration.maxBodyBytes
        // A declared length over the limit is refused before any of the body is read.
        if let declared = headers["content-length"].flatMap({ Int($0) }), declared > limit {
            return Self.response(Self.tooLarge(WireRequest(method: request.method.rawValue, path: request.uri.path, headers: headers), limit: limit))
        }
        do {
            body = try await Self.collect(request.body, upTo: limit, within: server.configuration.bodyTimeout)
        } catch BodyError.tooSlow {
            let wire = WireRequest(method: request.method.rawValue, path: request.uri.path, headers: headers)
            return Self.response(Self.tooSlow(wire))
        } catch {
            let wire = WireRequest(method: request.method.rawValue, path: request.uri.path, headers: headers)
            return Self.response(Self.tooLarge(wire, limit: limit))
        }
        let wire = WireRequest(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                               headers: headers, body: Array(body.readableBytesView))
        return Self.response(server.respond(wire))
    }

    enum BodyError: Error { case tooSlow }

    /// The body, bounded in size and in time: a client that trickles a body cannot hold a request open.
    static func collect(_ body: RequestBody, upTo limit: Int, within timeout: Duration) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let collected = first else { throw BodyError.tooSlow }
            return collected
        }
    }

    static func tooSlow(_ request: WireRequest) -> WireResponse {
        if KubernetesPath.isKubernetes(request.path) {
            return KubernetesHandler.status(KubernetesStatus(code: 408, reason: "Timeout", message: "the request body did not arrive in time"))
        }
        return RestJSONProtocol.error(.init(code: "RequestTimeoutException", message: "The request body did not arrive in time", httpStatus: 408))
    }

    static func tooLarge(_ request: WireRequest, limit: Int) -> WireResponse {
        if KubernetesPath.isKubernetes(request.path) { return KubernetesHandler.status(.tooLarge(limit)) }
        return RestJSONProtocol.error(.init(code: "RequestEntityTooLargeException", message: "The request body is larger than \(limit) bytes", httpStatus: 413))
    }

    static func fields(_ headers: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers { if let field = HTTPField.Name(name) { fields[field] = value } }
        return fields
    }

    static func response(_ wire: WireResponse) -> Response {
        switch wire {
        case .complete(let status, let headers, let body):
            return Response(status: .init(code: status), headers: fields(headers), body: .init(byteBuffer: ByteBuffer(string: body)))
        case .bytes(let status, let headers, let body):
            return Response(status: .init(code: status), headers: fields(headers), body: .init(byteBuffer: ByteBuffer(bytes: body)))
        case .stream(let headers, let lines, let cancel):
            return Response(status: .ok, headers: fields(headers), body: ResponseBody { writer in
                do {
                    for await line in lines { try await writer.write(ByteBuffer(string: line)) }
                    cancel()
                    try await writer.finish(nil)
                } catch {
                    // The client went away (a `kubectl wait` hangs up once satisfied): stop its watch.
                    cancel()
                    throw error
                }
            })
        }
    }
}
