from hypothesis import given
from hypothesis import strategies as st

from desktop.core.offsets import OffsetMap, OffsetMapBuilder


def _example() -> tuple[str, OffsetMap]:
    src = "ab-\ncd\n ef"  # clean: "ab" + "cd" + " " + "ef"  (the "-\n" is dropped)
    b = OffsetMapBuilder()
    b.copy(0, 2)
    b.replace(2, 2, 0)
    b.copy(4, 2)
    b.replace(6, 2, 1)
    b.copy(8, 2)
    return src, b.build(len(src))


def test_spans_map_to_the_source_they_stand_for() -> None:
    src, m = _example()
    assert m.clean_len == 7
    s, e = m.span_to_source(0, 4)  # "abcd"
    assert src[s:e] == "ab-\ncd"
    s, e = m.span_to_source(4, 7)  # " ef"
    assert src[s:e] == "\n ef"
    assert m.span_to_source(2, 2) == (4, 4)


def test_source_positions_map_back() -> None:
    _, m = _example()
    assert m.to_clean(0) == 0
    assert m.to_clean(3) == 2  # inside the dropped hyphen-newline
    assert m.to_clean(5) == 3
    assert m.to_clean(10) == 7


def test_bytes_round_trip() -> None:
    _, m = _example()
    again = OffsetMap.from_bytes(m.to_bytes())
    assert list(again.runs()) == list(m.runs())
    assert (again.clean_len, again.src_len) == (m.clean_len, m.src_len)


def test_adjacent_copies_merge() -> None:
    b = OffsetMapBuilder()
    b.copy(0, 3)
    b.copy(3, 4)
    assert len(b.build(7)) == 1


def test_non_monotone_runs_are_refused() -> None:
    b = OffsetMapBuilder()
    b.copy(5, 2)
    try:
        b.copy(3, 1)
    except ValueError:
        return
    raise AssertionError("expected ValueError")


ops = st.lists(st.tuples(st.sampled_from(["copy", "drop", "replace", "insert"]),
                         st.integers(1, 5), st.integers(1, 3)), max_size=30)


@given(ops)
def test_every_clean_span_maps_inside_the_source_and_back(seq: list[tuple[str, int, int]]) -> None:
    b, src = OffsetMapBuilder(), 0
    for op, n, k in seq:
        if op == "copy":
            b.copy(src, n)
        elif op == "replace":
            b.replace(src, n, k)
        elif op == "insert":
            b.insert(src, k)
            n = 0
        src += n
    m = b.build(src)
    synthetic = {r.clean_start + i for r in m.runs() if r.src_len == 0 for i in range(r.clean_len)}
    for start in range(m.clean_len + 1):
        for end in range(start, m.clean_len + 1):
            s, e = m.span_to_source(start, end)
            assert 0 <= s <= e <= src
            real = [i for i in range(start, end) if i not in synthetic]
            if real:  # synthetic characters (restored breaks) have no source of their own
                cs, ce = m.span_to_clean(s, e)
                assert cs <= real[0] and real[-1] < ce
