// `workshop-client`: what a session's bin/aws, bin/kubectl, bin/eksctl and bin/sleep link to.
// A program of its own, linking nothing but the bridge (no Foundation), so that a call from a
// hook's bash starts and exits in about a millisecond; the workshop binary can act as the client
// too (argv[0] says which program it stands in for), only slower to start.
import Glibc
import SessionBridge

if let status = BridgeClient.runAsInvoked() { exit(status) }
let message = "workshop-client: a Workshop session links this program as \(BridgeServer.programs.joined(separator: ", ")); run it by one of those names inside a session\n"
_ = message.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
exit(2)
