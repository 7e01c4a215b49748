"""One accent folding (egov.text.fold) for every search: documents, catalogue, file names."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from egov.text import fold

VIETNAMESE_LOWER = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
VIETNAMESE = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
# any text, weighted towards Vietnamese letters (precomposed and decomposed), digits and spaces
texts = st.text(alphabet=st.sampled_from(VIETNAMESE + "bcghklmnpqrstvx0123456789 \t\n.-/")) | st.text()


@given(texts)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.sampled_from(VIETNAMESE + "0123456789 ")))
def test_vietnamese_folds_to_plain_lowercase_ascii_keeping_digits(text):
    for form in ("NFC", "NFD"):
        folded = fold(unicodedata.normalize(form, text))
        assert folded.isascii()
        assert folded == folded.lower()
        assert [c for c in folded if c.isdigit()] == [c for c in text if c.isdigit()]
        assert folded == " ".join(folded.split())


def test_each_vietnamese_letter_and_d():
    assert fold(VIETNAMESE_LOWER) == "a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6 + "d"
    assert fold("Đ") == fold("đ") == "d"
    assert fold("Quyết định ĐĂNG KÝ  số 12/QĐ-UBND") == "quyet dinh dang ky so 12/qd-ubnd"
    assert fold(None) == ""
