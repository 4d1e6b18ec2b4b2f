import pytest

from pipeline.mask import mask_pii


@pytest.mark.parametrize(("text", "expected"), [
    ("客户电话13812345678，请回电", "客户电话<PHONE>，请回电"),
    ("号码+86 138 1234 5678已停机", "号码<PHONE>已停机"),
    ("回访138-1234-5678", "回访<PHONE>"),
    ("座机010-62345678", "座机<PHONE>"),
    ("联系电话 5551234", "联系电话 <PHONE>"),
    ("身份证11010519491231002X被冒用", "身份证<IDCARD>被冒用"),
    ("银行卡6222021234567890123被盗刷", "银行卡<BANKCARD>被盗刷"),
    ("卡号6222 0212 3456 7890", "卡号<BANKCARD>"),
    ("邮箱zhang.san@example.com", "邮箱<EMAIL>"),
    ("宽带账号：js12345678@139", "宽带账号：<ACCOUNT>"),
    ("客户******反映", "客户<MASKED>反映"),
])
def test_mask_pii_types(text, expected):
    assert mask_pii(text)[0] == expected


@pytest.mark.parametrize("text", [
    "本月扣费72.89元",
    "活动ID600000170222",          # 12-digit product id: not personal
    "2026年10月1日办理",
    "套餐38元包含100分钟",
])
def test_mask_pii_leaves_other_numbers(text):
    assert mask_pii(text) == (text, [])


def test_mask_pii_reports_hits_in_order():
    masked, hits = mask_pii("电话13812345678邮箱a@b.cn")
    assert masked == "电话<PHONE>邮箱<EMAIL>"
    assert [h.kind for h in hits] == ["<PHONE>", "<EMAIL>"]
    assert hits[0].start == 2 and hits[0].end == 13
