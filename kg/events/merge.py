"""Merge the facts of many articles: one real trip reported by several outlets is one Visit.

Visits merge when they have the same principal and destination region and their dates are
within MAX_GAP_DAYS of each other. Their sub-events merge when they are of the same type and
share what was met or visited. The result does not depend on the order of the input files.
"""
from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..model import Article, ArticleFacts, Event, Mention, Role
from ..rules.places import ancestors, lexicon_kind
from ..text.morph import name_key

MAX_GAP_DAYS = 3
TRIPS = {"Visit", "PlannedVisit"}  # an announced trip joins the report of it, if one is in the corpus


@dataclass
class Corpus:
    articles: list[Article] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def merge(facts: list[ArticleFacts]) -> Corpus:
    """One corpus from the facts of every article, with cross-article events merged."""
    facts = sorted(facts, key=lambda f: f.article.id)
    corpus = Corpus()
    for f in facts:
        corpus.articles.append(f.article)
        corpus.mentions.extend(f.mentions)
        corpus.roles.extend(f.roles)
    canon = organization_names(Counter(m.name for m in corpus.mentions if m.kind == "org"))
    rename_organizations(canon, corpus.mentions, corpus.roles, [e for f in facts for e in f.events])
    corpus.events = [merged for merged, _ in merge_events([e for f in facts for e in f.events])]
    return corpus


def merge_events(events: list[Event]) -> list[tuple[Event, list[Event]]]:
    """Cross-article events merged, each with the given events it was made of; in the corpus's order.
    An event that is part of none (a reception that was no trip, and its parts) is dropped.

    `events` are in the order of their articles' ids, each article's in its own order. A build
    that cannot hold them all takes the same three steps from its index (kg.build.index).
    """
    merged_events: list[tuple[Event, list[Event]]] = []
    renamed: dict[str, tuple[tuple, str]] = {}  # a report's key -> the rank and key of the trip it became
    dropped: set[str] = set()
    for rank, merged, group in merge_trips(sorted((e for e in events if kind(e) == "trip"), key=trip_order)):
        if merged is None:
            dropped |= {v.key for v in group}
            continue
        merged_events.append((merged, group))
        for v in group:
            if v.key not in renamed or renamed[v.key][0] < rank:  # a key in two trips: group_visits
                renamed[v.key] = (rank, merged.key)
    own = merge_own(sorted((e for e in events if kind(e) == "own"), key=own_order))
    merged_events.extend((merged, members) for _, merged, members in sorted(own, key=lambda made: made[0]))
    parts: dict[str, list[Event]] = {}
    origin: dict[int, Event] = {}  # a part re-pointed to its merged visit -> the event given
    for e in events:
        if kind(e) == "part" and e.parent not in dropped:
            copy = replace(e, parent=renamed[e.parent][1] if e.parent in renamed else e.parent)
            origin[id(copy)] = e
            parts.setdefault(copy.parent, []).append(copy)
    for parent in sorted(parts):
        merged_events.extend((m, [origin[id(x)] for x in members]) for m, members in merge_parts(parent, parts[parent]))
    merged_events.sort(key=lambda pair: (pair[0].date or "", pair[0].type, pair[0].key))
    return merged_events


def kind(e: Event) -> str:
    """How the merge takes an event: a trip, a part of a trip (or of another event), or one of its own."""
    return "trip" if e.type in TRIPS else "part" if e.parent else "own"


def own_order(e: Event) -> tuple[str, str, int]:
    """The order in which merge_own takes events of their own: by day, article, place in it."""
    return e.date or "", e.sources[0], e.evidence.start


def merge_trips(visits: Iterable[Event]) -> Iterator[tuple[tuple, Event | None, list[Event]]]:
    """Reports of trips, in trip_order, merged into trips: each trip is given with its rank (see
    group_visits) and its reports as soon as no later report can join it, so only a window of days is
    held. None stands for a group that is no trip: its reports are dropped, and their parts with them."""
    for rank, group in group_visits(visits):
        if all(v.evidence.rule == "guest_reception" for v in group):
            # «Глава государства принял председателя парламента Грузии» with no report that calls the stay a
            # visit (held-out n05): talks in the host's capital, not a trip
            yield rank, None, group
        else:
            yield rank, _merge_visits(group), group


def trip_order(e: Event) -> tuple[str, str]:
    """The order in which merge_trips takes reports of trips: by day, then article (and the place in it)."""
    return e.date or "", e.sources[0]


def organization_names(counts: Counter) -> dict[str, str]:
    """Outlets name one organization differently («Карагандинский (государственный) университет
    имени Л. Гумилева»); names with the same loose key become the most frequent one.

    `counts` are the organization mentions of the corpus by name; the answer maps a name to its
    canonical one, for the names that change."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for name, n in counts.items():
        key = organization_key(name)
        if key is not None:
            groups.setdefault(key, []).append((name, n))
    return canonical_names(groups.values())


def organization_key(name: str) -> str | None:
    """The loose key of an organization name as one string (its word stems in order), None when too
    short to group names by (fewer than two stems)."""
    key = name_key(name)
    return " ".join(sorted(key)) if len(key) >= 2 else None


def canonical_names(groups: Iterable[list[tuple[str, int]]]) -> dict[str, str]:
    """Each group's names (with their counts) to its most frequent one, then the shortest, then the
    first in order; only the names that change."""
    canon = {}
    for names in groups:
        best = min(names, key=lambda nc: (-nc[1], len(nc[0]), nc[0]))[0]
        canon.update({n: best for n, _ in names if n != best})
    return canon


def rename_organizations(canon: dict[str, str], mentions: list[Mention], roles: list[Role],
                         events: list[Event]) -> None:
    """Give organization mentions, posts and event links their canonical names, in place."""
    if not canon:
        return
    for m in mentions:
        if m.kind == "org" and m.name in canon:
            m.name = canon[m.name]
    for r in roles:
        r.org = canon.get(r.org, r.org)
    for e in events:
        for link in e.organizations + e.organizers:
            link.name = canon.get(link.name, link.name)


def group_visits(visits: Iterable[Event]) -> Iterator[tuple[tuple, list[Event]]]:
    """Visits of one traveller within MAX_GAP_DAYS whose destinations meet: a trip «в Абайскую и
    Восточно-Казахстанскую области» and a report of its day in Усть-Каменогорск (ВКО), «Москва» and
    «Россия», are one trip. A delegation's trip with no name joins the first trip of delegations it
    meets, else the first named traveller's trip it meets (by traveller, then the order his trips were made).

    `visits` come in trip_order, and each group is given as soon as no later visit can join it: a
    million articles held every report of a trip at once here (715 MB, bench/RESULTS.md). A trip with
    no name is taken once every named report it may meet is in, MAX_GAP_DAYS after its last day.
    Each group comes with its rank: (0, traveller, n) for a traveller's n-th trip, (1, "", n) for the
    n-th of the delegations'. One report's key may be in two groups (copies of an unnamed delegation's
    «Visit|1|…» in several articles); the parts of that key go to the trip of the higher rank."""
    groups = _OpenTrips()
    waiting: deque[Event] = deque()  # trips with no name, in order, until the named ones they may meet are in
    for v in visits:
        while waiting and _beyond(waiting[0], v):
            groups.join_delegation(waiting.popleft())
        if v.principal:
            groups.join_traveller(v)
        else:
            waiting.append(v)
        yield from groups.close_before(waiting[0] if waiting else v)
    for v in waiting:
        groups.join_delegation(v)
    yield from groups.close_before(None)


def _joins(x: Event, v: Event) -> bool:
    """Report v may join the trip of report x."""
    return _days_apart(x, v) <= MAX_GAP_DAYS and _meet(x, v) or _days_apart(x, v) == 0 and _same_country_unplaced(x, v)


def _beyond(u: Event, v: Event) -> bool:
    """Report v (later in trip_order) comes after every named report trip u may meet: more than
    MAX_GAP_DAYS after u's last day, or dated where u is not."""
    if not u.date:
        return bool(v.date)
    return (date.fromisoformat(v.date) - date.fromisoformat(u.end_date or u.date)).days > MAX_GAP_DAYS


class _Trip:
    """A trip being grouped: its travellers' own reports and the delegations' that joined it, the last
    day any of them lasts to, and its rank (group_visits)."""
    __slots__ = ("own", "joined", "end", "rank")

    def __init__(self, v: Event, rank: tuple[int, str, int]):
        self.own, self.joined, self.end, self.rank = [v], [], _last_day([v]), rank

    def reports(self) -> list[Event]:
        return self.own + self.joined


class _OpenTrips:
    """The trips that later reports may still join, and when each can be given: the last day of each
    in a heap. An entry of a trip whose end moved on is left there and skipped when it comes up; ends
    only grow, so a trip's current entry comes up after all its old ones."""

    def __init__(self):
        self.travellers: dict[str, list[_Trip]] = {}  # a traveller's open trips, in the order made
        self.made: Counter = Counter()               # trips made per traveller ("": delegations), open or given
        self.delegations: list[_Trip] = []            # open trips of no named traveller, in the order made
        self.ends: list[tuple[str, int, _Trip]] = []
        self.pushed = 0

    def join_traveller(self, v: Event) -> None:
        """A named traveller's report joins the first of his trips that one of his own reports meets."""
        trips = self.travellers.setdefault(v.principal, [])
        target = next((t for t in trips if any(_joins(x, v) for x in t.own)), None)
        if target is None:
            trips.append(self._new(v, (0, v.principal, self.made[v.principal])))
            self.made[v.principal] += 1
        else:
            target.own.append(v)
            self._extend(target, v)

    def join_delegation(self, v: Event) -> None:
        """A report with no traveller joins the first delegation's trip it meets, else the named trip of
        the lowest rank it meets."""
        target = next((t for t in self.delegations if any(_joins(x, v) for x in t.reports())), None) or \
            min((t for trips in self.travellers.values() for t in trips if any(_joins(x, v) for x in t.reports())),
                key=lambda t: t.rank, default=None)
        if target is None:
            self.delegations.append(self._new(v, (1, "", self.made[""])))
            self.made[""] += 1
        else:
            target.joined.append(v)
            self._extend(target, v)

    def close_before(self, v: Event | None) -> Iterator[tuple[tuple, list[Event]]]:
        """Give the reports of every trip that no report from v on (in trip_order) can join; None: of all."""
        if v is not None and not v.date:
            return  # undated reports come first and meet only each other
        limit = (date.fromisoformat(v.date) - timedelta(days=MAX_GAP_DAYS)).isoformat() if v is not None else None
        while self.ends and (limit is None or self.ends[0][0] < limit):
            end, _, trip = heapq.heappop(self.ends)
            if end != (trip.end or ""):
                continue
            _, traveller, _ = trip.rank
            if traveller:
                trips = self.travellers[traveller]
                trips.remove(trip)
                if not trips:
                    del self.travellers[traveller]
            else:
                self.delegations.remove(trip)
            yield trip.rank, trip.reports()

    def _new(self, v: Event, rank: tuple[int, str, int]) -> _Trip:
        trip = _Trip(v, rank)
        self._push(trip)
        return trip

    def _extend(self, trip: _Trip, v: Event) -> None:
        end = max((d for d in (trip.end, _last_day([v])) if d), default=None)
        if end != trip.end:
            trip.end = end
            self._push(trip)

    def _push(self, trip: _Trip) -> None:
        heapq.heappush(self.ends, (trip.end or "", self.pushed, trip))
        self.pushed += 1


class _Window:
    """The merged events a report may still join, in the order they were made, as reports come in date order.

    A report is within MAX_GAP_DAYS of an event only if the event's day is at most that many days before
    it; the dates only grow, so an event that lies earlier is left out for good. Without this every
    report was tested against every earlier event: the trips' merge of 300,000 articles took five
    minutes, growing with the square of the corpus. Reports with no date come first and meet only
    each other."""

    def __init__(self):
        self.open: list = []
        self.ends: dict[int, str | None] = {}
        self.since: str | None = None  # events that ended before this day are left out

    def move_to(self, e: Event) -> list:
        """Leave out the events report e and every later one cannot join; they are returned, closed."""
        since = (date.fromisoformat(e.date) - timedelta(days=MAX_GAP_DAYS)).isoformat() if e.date else None
        closed = []
        if since != self.since:
            self.since = since
            kept: list = []
            for g in self.open:
                (kept if self._open(g) else closed).append(g)
            self.open = kept
            for g in closed:
                del self.ends[id(g)]
        return closed

    def _open(self, g) -> bool:
        end = self.ends[id(g)]
        return end is None if self.since is None else end is not None and end >= self.since

    def add(self, g, e: Event) -> None:
        """A new event, made of report e, whose day is e's."""
        self.ends[id(g)] = _last_day([e])
        self.open.append(g)


def _last_day(events: list[Event]) -> str | None:
    """The last day any of the events lasts to (ISO dates compare as strings); None if none is dated."""
    return max((e.end_date or e.date for e in events if e.date), default=None)


def _destinations(v: Event) -> set[str]:
    return {v.region} | {p.name for p in v.places}


def _meet(a: Event, b: Event) -> bool:
    """One names a place of the other's trip, or the region or country it lies in."""
    da, db = _destinations(a) - {None}, _destinations(b) - {None}
    wide_a = da | {x for p in da for x in ancestors(p)}
    wide_b = db | {x for p in db for x in ancestors(p)}
    return bool(da & wide_b or db & wide_a)


def _same_country_unplaced(a: Event, b: Event) -> bool:
    """On the same day, a traveller's town or district the gazetteer places in no region («Логойск»: only
    Беларусь; «Логойский район»: nowhere, b09) and a region of that country («Минская область», b08) are
    one trip: nothing says they are apart."""
    def unplaced(v):
        return all(lexicon_kind(p) not in {"region", "country"} and
                   not any(lexicon_kind(x) == "region" for x in ancestors(p)) for p in _destinations(v) - {None})

    def countries(v):
        return {x for p in _destinations(v) - {None} for x in [p, *ancestors(p)] if lexicon_kind(x) == "country"}
    if not (unplaced(a) or unplaced(b)):
        return False
    ca, cb = countries(a), countries(b)
    return not ca or not cb or bool(ca & cb)


def _days_apart(a: Event, b: Event) -> int:
    if not a.date or not b.date:
        return 0 if a.date == b.date else 99
    first, second = sorted((a, b), key=lambda v: v.date)
    end_first = date.fromisoformat(first.end_date or first.date)
    return max(0, (date.fromisoformat(second.date) - end_first).days)


def _merge_visits(group: list[Event]) -> Event:
    done = [v for v in group if v.type == "Visit"] or group
    first = next((v for v in group if v.principal and v in done), done[0])
    days = sorted({d for v in done for d in (v.date, v.end_date) if d})
    merged = replace(first, more_evidence=list(first.more_evidence), participants=list(first.participants),
                     places=list(first.places), organizations=list(first.organizations),
                     organizers=list(first.organizers), topics=list(first.topics))
    for v in group:
        if v is not first:
            merged.absorb(v)
    merged.key = f"Visit|{first.principal}|{first.region}|{days[0] if days else ''}"
    merged.date = days[0] if days else None
    merged.end_date = days[-1] if len(days) > 1 else None
    merged.type = first.type
    merged.planned = first.type != "Visit"
    return merged


def merge_own(events: Iterable[Event]) -> Iterator[tuple[int, Event, list[Event]]]:
    """Events of their own (a round table, a session) reported by several articles: the same
    type on days within MAX_GAP_DAYS whose names share words are one event.

    `events` come in own_order; each merged event is given, with the n of its making and its
    reports, as soon as no later event can join it, so only the days of the window are held."""
    window = _Window()  # a report is tested against the merged events' own dates, set by their first
    made = 0
    for e in events:
        keys = name_key(" ".join(e.match_keys[1:]))
        yield from window.move_to(e)
        target = next((m for m in window.open if m[1].type == e.type and _days_apart(m[1], e) <= MAX_GAP_DAYS
                       and e.sources[0] not in m[1].sources
                       and len(keys & name_key(" ".join(m[1].match_keys[1:]))) >= 2), None)
        if target is None:
            merged = replace(e, sources=list(e.sources), key=f"{e.type}|{e.date}|{e.sources[0]}|{e.evidence.start}")
            window.add((made, merged, [e]), e)
            made += 1
        else:
            target[1].absorb(e)
            target[2].append(e)
    yield from window.open


def merge_parts(parent: str, events: list[Event]) -> list[tuple[Event, list[Event]]]:
    """Sub-events of one visit from several articles: same type and a shared key make one event. Two
    events of one article may both join one another article told as one: a04's «встретился с
    представителями общественности» and «провел встречу с представителями интеллигенции» are the one
    meeting a03 tells with both."""
    merged: list[Event] = []
    members: list[list[Event]] = []
    told: list[dict[str, set]] = []  # per merged event: article → the keys it brought
    by_article: dict[str, list[Event]] = {}
    for e in events:
        by_article.setdefault(e.sources[0], []).append(e)
    for article in sorted(by_article):
        for e in sorted(by_article[article], key=lambda x: x.evidence.start):
            keys = {name_key(k) for k in e.match_keys}
            target = None
            for n, m in enumerate(merged):
                others = {k for a, ks in told[n].items() if a != article for k in ks}
                if m.type != e.type or not others or keys & told[n].get(article, set()):
                    continue
                if keys & others or _loose_overlap(keys, [k for k in m.match_keys if name_key(k) in others]):
                    target = n
                    break
            if target is None:
                first_key = e.match_keys[0] if e.match_keys else ""
                merged.append(replace(e, parent=parent, sources=list(e.sources),
                                      key=f"{parent}|{e.type}|{e.sources[0]}|{e.evidence.start}|{first_key}"))
                told.append({article: set(keys)})
                members.append([e])
            else:
                merged[target].absorb(e)
                told[target].setdefault(article, set()).update(keys)
                members[target].append(e)
    return list(zip(merged, members))


def _loose_overlap(keys: set[frozenset], other: list[str]) -> bool:
    # «Евразийский университет им. Л. Гумилева» vs «Евразийский национальный университет имени Л. Гумилева»
    for a in keys:
        for b in (name_key(k) for k in other):
            if len(a) >= 2 and len(b) >= 2 and (a <= b or b <= a):
                return True
    return False
