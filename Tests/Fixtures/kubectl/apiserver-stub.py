"""A loopback stand-in for the Kubernetes API server, for tests only: it answers GET requests from a
JSON file of routes (path -> response body), applies `fieldSelector` (`a.b=v`, `a.b==v`, `a.b!=v`)
and `labelSelector` equality terms to list responses, and answers 404 with a Status otherwise.
When kubectl asks for a Table (`Accept: ...;as=Table`), the objects come back as a meta.k8s.io/v1
Table whose columns and cells are given under the route `__tables__` (plural -> columns with their
priority, and cells by `namespace/name`): the cells are the server's, the layout is kubectl's.
    python3 apiserver-stub.py PORT ROUTES.json
"""
import http.server, json, sys, urllib.parse

routes = json.load(open(sys.argv[2]))


def lookup(item, path):
    for key in path.split('.'):
        if not isinstance(item, dict):
            return ''
        item = item.get(key, '')
    return '' if item is None else str(item)


def select(body, query):
    items = body.get('items')
    if items is None:
        return body
    for term in (query.get('fieldSelector', [''])[0]).split(','):
        if not term:
            continue
        if '!=' in term:
            key, value = term.split('!=', 1)
            items = [i for i in items if lookup(i, key) != value]
        else:
            key, value = term.replace('==', '=').split('=', 1)
            items = [i for i in items if lookup(i, key) == value]
    for term in (query.get('labelSelector', [''])[0]).split(','):
        if term and '=' in term:
            key, value = term.replace('==', '=').split('=', 1)
            items = [i for i in items if i.get('metadata', {}).get('labels', {}).get(key) == value]
    return dict(body, items=items)


def not_found(path):
    """The API server's Status for a missing object (`nodes "x" not found`) or an unknown path."""
    parts = path.strip('/').split('/')
    if parts[0] == 'api' and len(parts) in (4, 6):
        group, plural, name = '', parts[-2], parts[-1]
    elif parts[0] == 'apis' and len(parts) in (5, 7):
        group, plural, name = parts[1], parts[-2], parts[-1]
    else:
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": "the server could not find the requested resource", "reason": "NotFound", "details": {}, "code": 404}
    qualified = plural + ('.' + group if group else '')
    details = {"name": name, "kind": plural}
    if group:
        details["group"] = group
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": '%s "%s" not found' % (qualified, name), "reason": "NotFound", "details": details, "code": 404}


def as_table(path, body):
    """The Table the API server would send for a list or one object, or None without columns for it."""
    parts = path.strip('/').split('/')
    items = body.get('items')
    plural = parts[-1] if items is not None else parts[-2]
    table = routes.get('__tables__', {}).get(plural)
    if table is None:
        return None
    rows = []
    for item in (items if items is not None else [body]):
        metadata = item.get('metadata', {})
        key = metadata.get('namespace', '') + '/' + metadata['name'] if 'namespace' in metadata else metadata['name']
        rows.append({"cells": table['cells'][key],
                     "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata}})
    columns = [{"name": c['name'], "type": "string", "format": "name" if i == 0 else "", "description": "", "priority": c['priority']}
               for i, c in enumerate(table['columns'])]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": "12345"},
            "columnDefinitions": columns, "rows": rows}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        body = routes.get(url.path)
        parts = url.path.strip('/').split('/')
        if body is None and len(parts) >= 4 and parts[-3] == 'namespaces':
            # A namespace with none of these objects: the cluster-wide list, filtered to nothing.
            every = routes.get('/'.join([''] + parts[:-3] + [parts[-1]]))
            if every is not None and 'items' in every:
                body = dict(every, items=[i for i in every['items'] if i.get('metadata', {}).get('namespace') == parts[-2]])
        if body is None:
            code, body = 404, not_found(url.path)
        else:
            code, body = 200, select(body, urllib.parse.parse_qs(url.query))
            if 'as=Table' in self.headers.get('Accept', ''):
                body = as_table(url.path, body) or body
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
