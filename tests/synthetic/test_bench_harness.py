"""bench/run.py's own rules: the export-memory assertion of issue #8 and the table it prints."""

from bench.run import label, memory_problems, table


def rows(name, values):
    return [
        {"name": name, "scale": s, "value": v, "baseline": 1.0, "ratio": v, "goal": "bounded"}
        for s, v in values.items()
    ]


def test_memory_that_stays_flat_passes():
    flat = rows("Excel export: peak RSS growth (MB)", {1: 6.7, 10: 11.8, 100: 11.9})
    assert memory_problems(flat) == []


def test_memory_that_grows_with_rows_fails_and_says_where():
    growing = rows("Excel export: peak Python memory (MB)", {1: 6.0, 10: 60.0})
    [problem] = memory_problems(growing)
    assert "S=1" in problem and "S=10" in problem and "60.0" in problem


def test_each_measure_is_compared_with_itself_only():
    mixed = rows("Excel export: peak RSS growth (MB)", {1: 3.0, 10: 4.0}) + rows(
        "Excel export: peak Python memory (MB)", {1: 4.0, 10: 4.5}
    )
    assert memory_problems(mixed) == []


def test_table_and_database_labels():
    printed = table(rows("nightly progress computation (s)", {1: 0.1}))
    assert "nightly progress computation" in printed and "0.1×" in printed
    assert label(1.0) == "1" and label(0.5) == "0_5"
