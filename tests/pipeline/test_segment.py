import pytest

from pipeline.errors import ResourceError
from pipeline.packaged import resource_path
from pipeline.segment import Segmenter, read_user_dict

DOMAIN_WORDS = ["宽带", "流量包", "携号转网", "呼死你", "光猫", "升级投诉", "工信部", "不知情定制"]


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_segment_keeps_domain_words(backend):
    tokens = Segmenter(backend=backend)("我家光猫坏了，携号转网办不了，还被呼死你骚扰，"
                                        "流量包不知情定制，要升级投诉到工信部，宽带也断了")
    for word in DOMAIN_WORDS:
        assert word in tokens, (word, tokens)


def test_segment_keeps_masks_whole_and_drops_punctuation():
    tokens = Segmenter()("联系<PHONE>，账号<ACCOUNT>。")
    assert tokens == ["联系", "<PHONE>", "账号", "<ACCOUNT>"]


def test_shipped_user_dict_holds_the_domain_words():
    words = {w for w, _, _ in read_user_dict(resource_path("user_dict.txt"))}
    assert set(DOMAIN_WORDS) <= words


def test_user_dict_bad_frequency_names_the_line(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("宽带 2000 n\n光猫 many n\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"dict.txt:2: frequency must be an integer"):
        read_user_dict(path)
