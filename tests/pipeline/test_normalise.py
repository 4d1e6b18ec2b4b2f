import pytest

from pipeline.errors import EmptyTextError, InvalidEncodingError, NotChineseError, TextTooLongError
from pipeline.normalise import decode_text, normalise


@pytest.mark.parametrize(("raw", "expected"), [
    ("客戶反映寬帶無法上網", "客户反映宽带无法上网"),            # traditional → simplified
    ("ＡＢＣ１２３号码", "ABC123号码"),                         # full-width → half-width
    ("用户  \tAB\n\n宽带　断了", "用户 AB 宽带 断了"),          # whitespace
    ("请处理，，，谢谢。。", "请处理，谢谢。"),                   # repeated punctuation
    ("客户<b>\u200b反映\ufeff", "客户<b>反映"),                  # invisible characters
    ("客户*******反映", "客户******反映"),                       # upstream masks unified
    # a space between every character is dropped (held_out_69); a space between phrases stays
    ("宽 带 断 了 一 个 星 期 了 ， 没 人 管", "宽带断了一个星期了 ， 没人管"),
    ("我要找 媒 体 曝 光 你们", "我要找媒体曝光你们"),
    ("宽 带", "宽 带"),                                          # too short to tell
    # so is a space between the words of a note, three and a half characters long or fewer on average
    # (held_out_189: "宽带 断 一周 没人修 做生意" read no outage); they stayed until cues-2026.12.130
    ("请问 一下 话费 怎么 查", "请问一下话费怎么查"),
    ("短信 发不出去 两天了 重启 也没用", "短信发不出去两天了重启也没用"),
    ("宽带 断 一周 没人修 做生意", "宽带断一周没人修做生意"),
    ("宽带 无法上网", "宽带 无法上网"),                            # one space: a pause
    ("俺家网断了四五天了 报了好几回修 到现在没人管", "俺家网断了四五天了 报了好几回修 到现在没人管"),  # phrases
])
def test_normalise_canonical_forms(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(("raw", "error", "match"), [
    ("", EmptyTextError, "empty"),
    ("  \t\n ", EmptyTextError, "empty"),
    ("hello world 123", NotChineseError, "no Chinese"),
    ("坏\ufffd了", InvalidEncodingError, "UTF-8"),
])
def test_normalise_rejects_bad_text(raw, error, match):
    with pytest.raises(error, match=match):
        normalise(raw)


def test_normalise_rejects_overlong_text_with_its_length():
    with pytest.raises(TextTooLongError, match="5001 characters") as info:
        normalise("投" * 5001)
    assert info.value.code == "text_too_long"
    assert info.value.details == {"length": 5001, "max_chars": 5000}


def test_decode_text_names_the_bad_byte():
    assert decode_text("宽带".encode()) == "宽带"
    with pytest.raises(InvalidEncodingError, match="byte 3") as info:
        decode_text("宽".encode() + b"\xff\xfe")
    assert info.value.code == "invalid_utf8"
