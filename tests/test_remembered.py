"""The bounded memo the streaming stages share (kg.graph.remembered)."""
from kg.graph.remembered import Remembered


def test_a_value_is_made_once_while_remembered():
    made = []
    memo = Remembered(lambda key: made.append(key) or key * 2, limit=10)
    assert [memo[1], memo[1], memo[2]] == [2, 2, 4]
    assert made == [1, 2]


def test_all_are_forgotten_when_the_limit_is_reached():
    made = []
    memo = Remembered(lambda key: made.append(key) or str(key), limit=2)
    memo[1], memo[2], memo[3]  # the third finds two held: both are forgotten before it is kept
    assert dict(memo) == {3: "3"}
    assert memo[1] == "1" and made == [1, 2, 3, 1]


def test_asking_whether_it_holds_a_key_makes_nothing():
    made = []
    memo = Remembered(made.append, limit=2)
    assert 5 not in memo and memo.get(5) is None and made == []
