import Foundation

/// What a shell needs to reach a served cluster with the real clients: the AWS endpoint, region and
/// credentials, and a kubeconfig (with its own discovery cache, so a restarted server's resources
/// are never read from a stale cache). Written to files in the state directory and printed as
/// `export` lines, so `eval "$(workshop serve --env)"` sets a shell up.
public struct ServeEnvironment: Sendable, Equatable {
    public var endpoint: String
    public var region: String
    public var accessKeyId: String
    public var secretAccessKey: String
    public var kubeconfigPath: String
    public var kubeCacheDirectory: String
    public var clusterName: String
    public var bearerToken: String

    public init(address: String, port: Int, region: String, clusterName: String, token: String?, stateDirectory: String) {
        let host = address.contains(":") ? "[\(address)]" : address
        endpoint = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
        self.region = region
        self.clusterName = clusterName
        accessKeyId = token ?? "workshop"
        secretAccessKey = "workshop-simulated"
        bearerToken = token ?? "workshop"
        kubeconfigPath = stateDirectory + "/kubeconfig"
        kubeCacheDirectory = stateDirectory + "/kube-cache"
    }

    /// The variables, in the order printed.
    public var variables: [(String, String)] {
        [("AWS_ENDPOINT_URL", endpoint), ("AWS_REGION", region), ("AWS_DEFAULT_REGION", region),
         ("AWS_ACCESS_KEY_ID", accessKeyId), ("AWS_SECRET_ACCESS_KEY", secretAccessKey),
         ("KUBECONFIG", kubeconfigPath), ("KUBECACHEDIR", kubeCacheDirectory)]
    }

    /// `export NAME='value'` lines, quoted for any POSIX shell.
    public var exportLines: String {
        variables.map { "export \($0.0)='\($0.1.replacingOccurrences(of: "'", with: "'\\''"))'\n" }.joined()
    }

    public var kubeconfig: String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: \(clusterName)
          cluster:
            server: \(endpoint)
        contexts:
        - name: \(clusterName)
          context:
            cluster: \(clusterName)
            user: workshop
            namespace: default
        current-context: \(clusterName)
        users:
        - name: workshop
          user:
            token: \(bearerToken)

        """
    }

    /// Writes `env` and `kubeconfig` (mode 0600: they hold the token) into `directory`.
    public func write(to directory: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for (name, text) in [("env", exportLines), ("kubeconfig", kubeconfig)] {
            let path = directory + "/" + name
            guard manager.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
    }

    /// Where `workshop serve` keeps these files unless told: `$XDG_STATE_HOME/workshop/serve`
    /// (`~/.local/state/workshop/serve`).
    public static func defaultStateDirectory(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/workshop/serve" }
        return (environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/state/workshop/serve"
    }
}
