"""Plain records that flow through the pipeline: articles, evidence, mentions, roles, events.

Every fact carries an Evidence (article, offsets, quote, sentence, rule), so provenance
survives from the first rule to the last triple. Records are JSON-able for the cache.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace


@dataclass(frozen=True)
class Article:
    """One input article: its id (file name without extension), date and text."""
    id: str
    date: str | None
    text: str
    title: str | None = None
    path: str = ""
    sha: str = ""


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: offsets into Article.text, the exact quote, its sentence, the rule."""
    article: str
    start: int
    end: int
    quote: str
    sentence: str
    rule: str

    def with_rule(self, rule: str) -> Evidence:
        """The same place in the text, read by another rule."""
        return replace(self, rule=rule)


@dataclass
class Mention:
    """A named thing found in the text.

    kind is person, place, org or topic; name is the canonical nominative label;
    attrs holds kind-specific data (place kind and parent, org kind, name parts).
    """
    kind: str
    name: str
    evidence: Evidence
    attrs: dict = field(default_factory=dict)


@dataclass
class Role:
    """A person's post as an article states it: 'аким' of 'Карагандинская область'."""
    person: str
    title: str
    evidence: Evidence
    org: str | None = None
    place: str | None = None


@dataclass
class Link:
    """One event-to-entity statement (participant, place, organization, topic) with its source."""
    name: str
    evidence: Evidence


@dataclass
class Event:
    """A visit, a sub-event within it, or an event of its own kind.

    key identifies the real-world event independently of the article, so that
    reports of the same trip from several outlets merge (see kg.events.merge).
    """
    type: str
    key: str
    label: str
    evidence: Evidence
    date: str | None = None
    end_date: str | None = None
    planned: bool = False
    principal: str | None = None
    parent: str | None = None          # key of the Visit this is part of
    participants: list[Link] = field(default_factory=list)
    places: list[Link] = field(default_factory=list)
    organizations: list[Link] = field(default_factory=list)
    organizers: list[Link] = field(default_factory=list)
    topics: list[Link] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    more_evidence: list[Evidence] = field(default_factory=list)
    match_keys: list[str] = field(default_factory=list)  # what was met or visited, for merging
    region: str | None = None                            # a visit's destination region, for merging

    def absorb(self, other: "Event") -> None:
        """Take in another report of the same event: its sources, evidence, links and keys.

        Links are kept even when a name repeats: each carries its own evidence."""
        self.sources = sorted(set(self.sources) | set(other.sources))
        self.more_evidence += [other.evidence, *other.more_evidence]
        for f in ("participants", "places", "organizations", "organizers", "topics"):
            getattr(self, f).extend(getattr(other, f))
        self.match_keys = self.match_keys + [k for k in other.match_keys if k not in self.match_keys]
        if other.date and (not self.date or other.date < self.date):
            self.date = other.date


@dataclass
class ArticleFacts:
    """Everything extracted from one article: the unit the cache stores and the merge reads."""
    article: Article
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-able dict in which each sentence is written once: evidence holds its index in `sentences`.

        An article's evidence repeats few sentences many times (5,000 evidences over 1,400 sentences
        in 200 articles of the real corpus); stored whole each time they doubled the cache.
        """
        index: dict[str, int] = {}
        d = {k: _plain(getattr(self, k), index) for k in ("article", "mentions", "roles", "events")}
        d["sentences"] = list(index)
        return d

    def as_copy(self, article: Article) -> "ArticleFacts":
        """These facts as read in another article with the same text: every evidence names that article."""
        d = self.to_dict()

        def rebind(x):
            if isinstance(x, dict):
                if "sentence" in x and "quote" in x:
                    x["article"] = article.id
                for v in x.values():
                    rebind(v)
            elif isinstance(x, list):
                for v in x:
                    rebind(v)

        rebind([d["mentions"], d["roles"], d["events"]])
        for e in d["events"]:
            e["sources"] = [article.id if s == self.article.id else s for s in e["sources"]]
        d["article"] = asdict(article)
        return ArticleFacts.from_dict(d)

    @classmethod
    def from_dict(cls, d: dict) -> "ArticleFacts":
        """The facts of to_dict's dict; evidence of one sentence shares one string."""
        sentences = d["sentences"]
        ev = lambda e: Evidence(**{**e, "sentence": sentences[e["sentence"]]})  # noqa: E731
        links = lambda xs: [Link(x["name"], ev(x["evidence"])) for x in xs]  # noqa: E731
        events = []
        for e in d["events"]:
            e = dict(e)
            e["evidence"] = ev(e["evidence"])
            e["more_evidence"] = [ev(x) for x in e["more_evidence"]]
            for f in ("participants", "places", "organizations", "organizers", "topics"):
                e[f] = links(e[f])
            events.append(Event(**e))
        return cls(
            article=Article(**d["article"]),
            mentions=[Mention(m["kind"], m["name"], ev(m["evidence"]), m["attrs"]) for m in d["mentions"]],
            roles=[Role(r["person"], r["title"], ev(r["evidence"]), r["org"], r["place"]) for r in d["roles"]],
            events=events,
        )


_FIELDS: dict[type, tuple[str, ...]] = {}
_ATOMS = {str, int, float, bool, type(None)}


def _plain(x, index: dict[str, int]):
    """dataclasses.asdict in one pass, with each Evidence's sentence replaced by its index in `index`
    (numbered in the order met): asdict's deep copies were 8 % of extraction on the real corpus."""
    t = type(x)
    if t in _ATOMS:
        return x
    if t is Evidence:
        return {"article": x.article, "start": x.start, "end": x.end, "quote": x.quote,
                "sentence": index.setdefault(x.sentence, len(index)), "rule": x.rule}
    if t is list or t is tuple:
        return t(_plain(v, index) for v in x)
    if t is dict:
        return {k: _plain(v, index) for k, v in x.items()}
    names = _FIELDS.get(t)
    if names is None:
        if not is_dataclass(x):
            return x
        names = _FIELDS[t] = tuple(f.name for f in fields(x))
    return {k: _plain(getattr(x, k), index) for k in names}
