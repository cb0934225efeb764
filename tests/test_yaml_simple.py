"""The line-by-line road for simple YAML (yaml_simple.py) gives what PyYAML's composer
gives, or declines: it must never read a text differently."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.yaml_positions import parse_full, parse_yaml
from generator.yaml_simple import parse_simple

ROOT = Path(__file__).resolve().parent.parent

KEYS = ["title", "date", "tags", "a_b", "x", "on", "Yes", "null", "No", "y", "k2", "_", "a-b",
        "1", "<<", "=", "title ", " title", "?", "url"]
VALUES = [
    "Ban Nội chính Tỉnh ủy ký kết giao ước", "thi đua", "a  b", "2024-09-27", "2024-13-01",
    "2021-06-24 10:45", "2024-09-27 10:45:00", "2024-09-27T10:45:00+07:00", "27/9/2024", "12",
    "-3", "+4", "1_000", "0x1F", "0o17", "017", "1e3", "1.5", ".5", ".inf", ".NaN", "1:20",
    "190:20:30", "yes", "No", "on", "OFF", "y", "n", "true", "~", "null", "Null", "NULL", "",
    "'a''b'", "'a'b'", "''", "'", "\"x\"", "\"a\\nb\"", "\"a'b\"", "\"\"", "\"a", "[]", "[ ]",
    "[a, b]", "[a,b]", "[a, [b]]", "[a,]", "[a, 'b']", "[a, b c, 2024-09-27, 5]", "[a: b]",
    "{}", "{a: 1}", "a # c", "a#c", "#c", "a: b", "a:", "a:b", "C:\\x", "&x", "*x", "!x",
    "!!str 5", "|", "|-", ">", ">-", "|+", ">2", "| # c", "@x", "%x", "`x", "-x", "- x",
    "? x", ", x", "a, b", "“Trách nhiệm – Nêu gương”", "x ", "=", "<<", "\\", "a \\ b",
    "{name: Báo Lâm Đồng, url: \"https://baolamdong.vn/\"}", "{a: 1, a: 2}", "{a: 1,}",
    "{a: b: c}", "{a: 'x, y'}", "{a: [b]}", "{on: 1}", "{a: x #c}", "{ a: 1 }", "{a:1}",
    "{a: https://x}", "{a: \"x\", b}", "{a: '', b: 2024-09-27}", "{a: x , b: y}", "{a: -1}",
    "a\u2028b", "a\x85b", "\ufeffa", "a\tb", "\x07", "é", "100%",
]
ITEMS = ["- a", "- thi đua", "  - b", "    - c", "-", "- ", "-a", "- - x", "- k: v", "- 'q'",
         "- 2024-09-27", "- yes", "-  spaced", "- [a]", "- # c", " - d", "- a # c"]
MORE = ["  more words", "   và tiếp tục", " # c", "  - x", "   x: y", "  'q'", "    deeper",
        "  ", "     ", "", "---", "...", "# comment", "%YAML 1.1", "\t", "  a\tb", "  : x",
        "  #", "  text: ", "  trailing  ", "x"]


def key_line(key: str, gap: str, value: str) -> str:
    return f"{key}:{gap}{value}"


LINES = st.one_of(
    st.builds(key_line, st.sampled_from(KEYS), st.sampled_from([" ", "", "  ", "   "]),
              st.sampled_from(VALUES)),
    st.sampled_from(ITEMS),
    st.sampled_from(MORE),
)
TEXTS = st.lists(LINES, max_size=12).map("\n".join)


def agrees(text: str) -> bool:
    """Does the quick road decline `text`, or give exactly what the full parser gives?"""
    simple = parse_simple(text)
    if simple is None:
        return True
    data, positions, problems = parse_full(text)
    assert problems == [], (text, simple)
    assert (data, positions.lines) == simple, text
    return True


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("title: a\nsummary: >-\n  one\n  two\n\n  three\n\n\n  four\nkind: news\n")
@example("a: |\n  one\n    two\n\n  three\n\nb: |-\n  x\n")
@example("a: >\n  one\n    two\n")
@example("a: >\n\n  late\n")
@example("a: |\n  one\n      \nb: c")
@example("a:\n- x\n\n- y\n\nb: [p, 2024-09-27]")
@example("a: one\n  two\n\n  three")
@example("a: one\n\nb: two")
def test_the_quick_road_reads_yaml_as_pyyaml_does(text):
    assert agrees(text)


@pytest.mark.parametrize("text", [
    "title: Ký kết giao ước\ndate: 2024-04-16 18:30\nsummary: Các đơn vị ký giao ước thi đua\n"
    "  năm 2024.\nkind: signing\ncampaigns:\n- lam-dong-2024\nblocs: []\ntags: [a, b]\n",
    "title: 'Lễ ''phát động'''\nphase: 1\npinned: yes\nsummary: >-\n  Một dòng\n  hai dòng.\n"
    "organizations:\n  - van-phong\n  - ban-noi-chinh\n",
])
def test_a_typical_front_matter_takes_the_quick_road(text):
    assert parse_simple(text) is not None
    assert agrees(text)


def test_the_quick_road_types_values_as_pyyaml_does():
    data, positions, problems = parse_yaml("date: 2024-09-27\nat: 2024-09-27 10:45\nn: 5\n"
                                           "ok: yes\nnone:\nlist:\n  - a\n  - 2025\n")
    assert problems == []
    assert data == {"date": dt.date(2024, 9, 27), "at": "2024-09-27 10:45", "n": 5, "ok": True,
                    "none": None, "list": ["a", 2025]}
    assert positions.line_of(("list", 1)) == 8


def test_what_the_quick_road_declines_still_gets_its_problems():
    # Duplicate keys and tabs are not simple: the full parser reports them, with lines.
    _, _, problems = parse_yaml("title: a\nkind: news\ntitle: b\n")
    assert [p.line for p in problems] == [3] and "duplicate key 'title'" in problems[0].message
    _, _, problems = parse_yaml("title: a\n\tkind: news\n")
    assert problems and problems[0].line == 2


def test_every_front_matter_of_the_example_site_reads_the_same():
    texts, front_matters = [], []
    for path in sorted((ROOT / "content").rglob("*")):
        if path.suffix == ".yml":
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".md":
            front_matters.append(path.read_text(encoding="utf-8").split("---\n")[1])
    assert all(agrees(text) for text in texts + front_matters)
    # The quick road is the common one, not a dead end: every front matter takes it.
    assert all(parse_simple(text) is not None for text in front_matters)


@pytest.mark.parametrize("text", ["title: a\ntags:\n- x\n- y\n",  # the quick road
                                  "title: a\nfeeds:\n  items: 5\n"])  # the composer
def test_positions_pickled_without_their_lines_find_them_again(text):
    _, positions, _ = parse_yaml(text)
    positions.offset = 1
    again = pickle.loads(pickle.dumps(positions))
    assert "lines" not in vars(again)  # the text travels, not a tuple per key
    assert again == positions
    assert [again.line_of(loc) for loc in positions.lines] == \
        [positions.line_of(loc) for loc in positions.lines]
