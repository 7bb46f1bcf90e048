"""The build's merge from its on-disk index (kg.build.index) against the merge of a list of facts.

The index holds the events as SQLite rows and merges them in three steps (trips, events of their own
in a window of days, the parts of each trip), so that a large build holds no more than the trips and
the open window; it must make the same events, of the same reports, whatever order articles come in.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest
from conftest import ROOT

from kg.build.index import MergeIndex, record
from kg.events.extract import extract
from kg.events.merge import (MAX_GAP_DAYS, _joins, _Window, group_visits, merge_events, merge_own, organization_names,
                             rename_organizations, trip_order)
from kg.graph.rdf import GraphWriter
from kg.ingest.articles import read_article
from kg.model import Article, ArticleFacts, Event, Evidence, Link

FIELDS = ("key", "type", "label", "date", "end_date", "planned", "parent", "principal")


@pytest.fixture(scope="module")
def facts():
    """The seeds and the held-out articles, extracted (trips, their parts, receptions and events of their
    own), and three copies of each, their events moved 2, 4 and 6 days back: copies of one trip chain
    into one, events of one day come from articles far apart in id order, and copies of a report share
    its key, as reports of one trip from several outlets do."""
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "heldout" / "articles").glob("*.txt"))
    read = [extract(read_article(p)) for p in paths]
    return read + [_moved(f, copy) for copy in (1, 2, 3) for f in read]


def _moved(facts: ArticleFacts, copy: int) -> ArticleFacts:
    """The facts as another article would give them, every event 2 × copy days earlier."""
    moved = ArticleFacts.from_dict(facts.to_dict())
    article_id = f"{copy}{facts.article.id}"
    for e in moved.events:
        e.date, e.end_date = (_back(d, 2 * copy) for d in (e.date, e.end_date))
        e.sources = [article_id]
        e.evidence = replace(e.evidence, article=article_id)
    return ArticleFacts(replace(moved.article, id=article_id), moved.mentions, moved.roles, moved.events)


def _back(day: str | None, days: int) -> str | None:
    return (date.fromisoformat(day) - timedelta(days=days)).isoformat() if day else None


def _in_memory(facts):
    """What kg.events.merge.merge_events makes of the facts: each merged event, and which one each
    article's i-th event became."""
    facts = sorted(facts, key=lambda f: f.article.id)
    canon = organization_names(Counter(m.name for f in facts for m in f.mentions if m.kind == "org"))
    events = [e for f in facts for e in f.events]
    rename_organizations(canon, [], [], events)
    where = {id(e): (f.article.id, i) for f in facts for i, e in enumerate(f.events)}
    made, reports = [], {}
    for merged, members in merge_events(events):
        made.append(tuple(getattr(merged, k) for k in FIELDS))
        for m in members:
            reports[where[id(m)]] = merged.key
    return sorted(made, key=repr), reports


def _from_index(facts, order, tmp_path):
    index = MergeIndex(tmp_path / f"index-{order}.sqlite")
    try:
        taken = sorted(facts, key=lambda f: f.article.id)
        if order == "reversed":
            taken.reverse()
        elif order == "shuffled":
            random.Random(15).shuffle(taken)
        for f in taken:
            index.add(f.article.id, record(f))
        writer = GraphWriter(set())
        made, keys = [], {}

        def write(event):
            made.append(tuple(getattr(event, k) for k in FIELDS))
            node, cls = writer.event(event)
            keys[str(node)] = event.key
            return node, cls

        counts = index.merge(index.canon(), write)
        reports = {(f.article.id, i): keys[report[0]] for f in facts
                   for i, report in enumerate(index.reports(f.article.id, len(f.events))) if report is not None}
        return sorted(made, key=repr), reports, counts
    finally:
        index.close()


@pytest.mark.parametrize("order", ["sorted", "reversed", "shuffled"])
def test_the_index_merges_as_the_list_merge_does_in_any_order_of_articles(facts, order, tmp_path):
    made, reports = _in_memory(facts)
    assert sum(1 for e in made if e[1] == "Visit") >= 10 and any(e[6] for e in made)  # trips and their parts
    from_index, index_reports, counts = _from_index(facts, order, tmp_path)
    assert from_index == made
    assert index_reports == reports
    assert counts["events"] == len(made) and counts["visits"] == sum(1 for e in made if e[1] == "Visit")
    assert not (tmp_path / f"index-{order}.sqlite").exists()  # closed: the file goes


def test_a_dropped_reception_leaves_its_reports_none(facts, tmp_path):
    """An event the merge drops (a reception that was no trip) stands for nothing in its article."""
    _, reports = _in_memory(facts)
    _, index_reports, _ = _from_index(facts, "sorted", tmp_path)
    every = {(f.article.id, i) for f in facts for i in range(len(f.events))}
    assert every - set(reports) == every - set(index_reports)


def _own(n: int, day: str, words: str) -> Event:
    """A report of a round table in article a<n>, named by its words."""
    return Event(type="RoundTable", key=f"RoundTable|{n}", label=words, date=day, sources=[f"a{n}"],
                 evidence=Evidence(f"a{n}", 0, 10, words, words, "round_table"), match_keys=["RoundTable", words])


@pytest.mark.parametrize("order", ["sorted", "reversed", "shuffled"])
def test_events_of_their_own_merge_in_the_order_of_their_days(order, tmp_path):
    """Reports of one round table on the 1st, 3rd and 4th are one event, the 5th (four days after the
    first) another, though the articles' ids put the 5th first: the index reads them by day."""
    days = {"a0": "2024-04-05", "a1": "2024-04-03", "a2": "2024-04-01", "a3": "2024-04-04"}
    facts = [ArticleFacts(Article(f"a{n}", day, ""), events=[_own(n, day, "круглый стол водного хозяйства")])
             for n, day in enumerate(days.values())]
    made, reports = _in_memory(facts)
    assert [(e[3], sorted(a for (a, _), key in reports.items() if key == e[0])) for e in made] == [
        ("2024-04-01", ["a1", "a2", "a3"]), ("2024-04-05", ["a0"])]
    from_index, index_reports, _ = _from_index(facts, order, tmp_path)
    assert (from_index, index_reports) == (made, reports)


def test_events_of_their_own_are_given_as_soon_as_no_later_one_can_join():
    """A round table of the 1st reported again on the 2nd is one event, given when the 10th is read: the
    window holds days, not the corpus. (Held to the end, it would come only after the 20th.)"""
    days = ["2024-04-01", "2024-04-02", "2024-04-10", "2024-04-20"]
    read: list[str] = []

    def events():
        for n, day in enumerate(days):
            read.append(day)
            yield _own(n, day, "круглый стол по вопросам водного хозяйства")

    given = [(merged.date, [m.sources[0] for m in members], read[-1]) for _, merged, members in merge_own(events())]
    assert given == [("2024-04-01", ["a0", "a1"], "2024-04-10"), ("2024-04-10", ["a2"], "2024-04-20"),
                     ("2024-04-20", ["a3"], "2024-04-20")]


def test_the_window_forgets_the_groups_it_closes():
    """A year of one event a day: the window keeps the last MAX_GAP_DAYS days' groups, and their ends."""
    window = _Window()
    start = date(2024, 1, 1)
    for n in range(365):
        e = _own(n, (start + timedelta(days=n)).isoformat(), "сессия")
        window.move_to(e)
        window.add([e], e)
        assert len(window.ends) == len(window.open) <= MAX_GAP_DAYS + 1


PLACES = ["Астана", "Караганда", "Карагандинская область", "Темиртау", "Москва", "Россия", "Логойск",
          "Минская область", "Беларусь"]


def _trip(n: int, who: str | None, day: str | None, end: str | None, region: str, rule: str = "visit_verb") -> Event:
    """Article a<n>'s report of a trip of `who` (None: a delegation with no name) to region."""
    article = f"a{n:03d}"
    return Event(type="Visit", key=f"Visit|{who or 1}|{region}|{day}", label=region, date=day, end_date=end,
                 principal=who, region=region, sources=[article], evidence=Evidence(article, 0, 5, region, region, rule),
                 places=[Link(region, Evidence(article, 0, 5, region, region, rule))])


def _random_trips(seed: int, n: int = 160) -> list[Event]:
    """Trips of three travellers and of delegations over 40 days, some of several days, some undated,
    to places that meet (a city and its region or country) or do not."""
    rng = random.Random(seed)
    trips = []
    for i in range(n):
        start = date(2024, 4, 1) + timedelta(days=rng.randrange(40))
        day = None if rng.random() < 0.08 else start.isoformat()
        end = (start + timedelta(days=rng.randrange(1, 4))).isoformat() if day and rng.random() < 0.2 else None
        who = rng.choice(["Аскар Мамин", "Бердыбек Сапарбаев", "Роман Скляр", None, None])
        trips.append(_trip(i, who, day, end, rng.choice(PLACES), "guest_reception" if rng.random() < 0.1 else "visit_verb"))
    return trips


def _groups_at_once(visits: list[Event]) -> list[list[Event]]:
    """The grouping as defined, with every report at hand: each traveller's reports (in trip_order) join
    the first of his groups one of them meets; then each delegation's report joins the first
    delegation's group it meets, else the first named traveller's group (by traveller, then made)."""
    by_who: dict[str, list[Event]] = {}
    for v in visits:
        by_who.setdefault(v.principal or "", []).append(v)
    groups: list[list[Event]] = []
    for who in sorted(by_who, key=lambda k: (k == "", k)):
        own: list[list[Event]] = []
        named = [] if who else list(groups)
        for v in sorted(by_who[who], key=trip_order):
            target = next((g for g in own + named if any(_joins(x, v) for x in g)), None)
            if target is None:
                own.append([v])
            else:
                target.append(v)
        groups.extend(own)
    return groups


@pytest.mark.parametrize("seed", range(8))
def test_trips_grouped_day_by_day_are_the_trips_grouped_at_once(seed):
    """The streamed grouping gives the groups (their reports in order) and ranks of the grouping with
    every report at hand, delegations that join named trips and multi-day trips included."""
    visits = sorted(_random_trips(seed), key=trip_order)
    streamed = sorted(group_visits(iter(visits)), key=lambda given: given[0])
    assert [[v.sources[0] for v in g] for _, g in streamed] == \
        [[v.sources[0] for v in g] for g in _groups_at_once(visits)]
    assert any(v.principal for _, g in streamed for v in g) and any(len(g) > 1 and not g[-1].principal
                                                                      for _, g in streamed)


def test_trips_are_given_as_soon_as_no_later_report_can_join():
    """A trip of the 1st to the 2nd is given once a report of the 6th is read (more than MAX_GAP_DAYS
    after its last day), not at the end; a delegation's report waits for the named ones of its days."""
    reports = [_trip(0, "Роман Скляр", "2024-04-01", "2024-04-02", "Караганда"),
               _trip(1, None, "2024-04-03", None, "Карагандинская область"),
               _trip(2, "Роман Скляр", "2024-04-05", None, "Карагандинская область"),
               _trip(3, "Роман Скляр", "2024-04-06", None, "Москва"),
               _trip(4, "Роман Скляр", "2024-04-20", None, "Москва")]
    read: list[str] = []

    def visits():
        for v in reports:
            read.append(v.sources[0])
            yield v

    given = [([v.sources[0] for v in g], read[-1]) for _, g in group_visits(visits())]
    assert given == [(["a000", "a002", "a001"], "a004"), (["a003"], "a004"), (["a004"], "a004")]


def test_a_key_in_two_trips_gives_its_parts_to_the_trip_of_higher_rank(tmp_path):
    """Two articles' delegations with one key «Visit|1|Москва|…» that end in two trips: the second also
    names Минская область, so it joins an earlier delegation's trip there first. The key's parts go to
    the later trip (the higher rank), in the index as in the list merge."""
    minsk = _trip(0, None, "2024-04-02", None, "Минская область")
    first = _trip(1, None, "2024-04-02", None, "Москва")
    second = _trip(2, None, "2024-04-02", None, "Москва")
    second.places.append(Link("Минская область", second.evidence))
    part = Event(type="Meeting", key="Meeting|x", label="встреча", parent=first.key, date=first.date,
                 sources=["a003"], evidence=Evidence("a003", 0, 5, "встреча", "встреча", "meeting"),
                 match_keys=["встреча"])
    facts = [ArticleFacts(Article(e.sources[0], e.date, ""), events=[e]) for e in (minsk, first, second, part)]
    made, reports = _in_memory(facts)
    assert [e[6] for e in made if e[1] == "Meeting"] == ["Visit|None|Москва|2024-04-02"]
    assert reports[("a002", 0)] == "Visit|None|Минская область|2024-04-02"
    from_index, index_reports, _ = _from_index(facts, "shuffled", tmp_path)
    assert (from_index, index_reports) == (made, reports)
