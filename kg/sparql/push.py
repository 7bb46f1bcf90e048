"""Load a built graph into an external store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each article's named graph (see export.py) and the ontology's are sent with PUT, which replaces
the graph, so pushing a rebuild never duplicates. With a SPARQL query endpoint as well, graphs
under the same base that the build no longer has (articles removed since) are deleted.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .export import GRAPH_BASE, split_by_article

TIMEOUT = 60


class PushError(Exception):
    """The store refused a request or could not be reached."""


@dataclass
class PushReport:
    graphs: list[str] = field(default_factory=list)
    triples: int = 0
    removed: list[str] = field(default_factory=list)


def push(graph: Graph, endpoint: str, base: str = GRAPH_BASE, credentials: str | None = None,
         sparql: str | None = None) -> PushReport:
    """PUT one named graph per article (and the ontology) to a Graph Store endpoint.

    credentials is "user:password", sent as Basic auth, or Digest when the server asks for it
    (Virtuoso). sparql, a query endpoint of the same store, lets stale graphs be deleted.
    """
    opener = _opener([endpoint, sparql or endpoint], credentials)
    report = PushReport()
    dataset = split_by_article(graph, base, with_ontology=True)
    for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if g.identifier == DATASET_DEFAULT_GRAPH_ID or len(g) == 0:
            continue
        body = g.serialize(format="turtle").encode("utf-8")
        _send(opener, "PUT", _graph_url(endpoint, str(g.identifier)), body, "text/turtle; charset=utf-8")
        report.graphs.append(str(g.identifier))
        report.triples += len(g)
    if sparql:
        for name in sorted(remote_graphs(sparql, base, opener) - set(report.graphs)):
            _send(opener, "DELETE", _graph_url(endpoint, name))
            report.removed.append(name)
    return report


def remote_graphs(sparql: str, base: str, opener=None) -> set[str]:
    """Names of the graphs under base that the store behind a SPARQL query endpoint holds."""
    query = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
             f"FILTER(STRSTARTS(STR(?g), {json.dumps(base)})) }}")
    url = _with_params(sparql, {"query": query})
    answer = _send(opener or _opener([sparql], None), "GET", url, accept="application/sparql-results+json")
    return {b["g"]["value"] for b in json.loads(answer)["results"]["bindings"]}


def _opener(urls: list[str], credentials: str | None) -> urllib.request.OpenerDirector:
    if not credentials:
        return urllib.request.build_opener()
    user, _, password = credentials.partition(":")
    passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        # the whole server, so the query endpoint on another path gets them too; prior auth sends
        # Basic with the first request, with no 401 round trip that would resend the body
        passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password, is_authenticated=True)
    # Digest is tried first when a server asks for it (Virtuoso's authenticated endpoints do)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                       urllib.request.HTTPBasicAuthHandler(passwords))


def _graph_url(endpoint: str, graph: str) -> str:
    return _with_params(endpoint, {"graph": graph})


def _with_params(url: str, params: dict) -> str:
    return url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params)


def _send(opener, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
          accept: str | None = None) -> bytes:
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace").strip()[:300]
        raise PushError(f"{method} {url}: HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as e:
        raise PushError(f"{method} {url}: {getattr(e, 'reason', e)}") from None
