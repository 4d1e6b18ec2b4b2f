import pytest

from training.data import DataError, load_labelled


def test_load_labelled_reports_bad_lines_and_keeps_good_ones(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes("\n".join([
        '{"text": "宽带断了", "category": "网络问题", "severity": 3}',
        '{"text": "话费多扣", "category": "费用问题", "severity": 7}',
        'not json',
        '{"text": "信号差", "category": "网络问题"}',
        '{"text": "态度差", "category": "服务问题", "severity": 2, "impact": "weird"}',
        '[1, 2]',
    ]).encode() + b"\n\xff\xfe\n" + '{"text": "骚扰电话", "category": "信息安全问题", "severity": "3"}'.encode())
    data = load_labelled(path)
    assert [r["line"] for r in data.records] == [1, 8]
    assert data.records[1]["severity"] == 3
    assert [(p.line, p.code) for p in data.problems] == [
        (2, "unknown_label"), (3, "malformed_line"), (4, "missing_column"), (5, "unknown_label"),
        (6, "malformed_line"), (7, "invalid_utf8")]


def test_load_labelled_csv(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("text,category,severity,emotion\n宽带断了,网络问题,3,2\n话费,费用问题,x,0\n", encoding="utf-8")
    data = load_labelled(path)
    assert data.records[0]["emotion"] == 2
    assert data.problems[0].code == "unknown_label" and data.problems[0].line == 3


def test_load_labelled_missing_column_names_it(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "宽带断了", "category": "网络问题"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"missing column\(s\) \['severity'\]"):
        load_labelled(path)
