# Bad clients and many clients: the session answers the others, in order, and keeps running.
set -e
before() {
  # A malformed request gets an error back, not a hung or dead session.
  python3 - <<'PY'
import os, socket
s = socket.socket(socket.AF_UNIX)
s.connect(os.environ["WORKSHOP_SESSION_SOCKET"])
s.sendall(b"\x10\x00\x00\x00not a request!!!")
reply = s.recv(4096)
assert reply[:1] == b"\x02" and b"could not read this request" in reply, reply
PY
  # A reader that stops after one line.
  kubectl get pods -A | head -1 | grep -q NAMESPACE
  # 200 clients, 50 at a time, while nothing else moves the clock: every answer is whole.
  nodes=$(kubectl get nodes --no-headers | wc -l)
  lines=$(seq 1 200 | xargs -P 50 -I{} kubectl get nodes --no-headers | wc -l)
  test "$lines" -eq $((200 * nodes))
}
after() {
  # Still answering after all that.
  kubectl get nodes --no-headers | grep -q Ready
}
"$@"
