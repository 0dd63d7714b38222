"""Verification codes: read whatever the case, spaces and dashes; unambiguous and unique."""
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import services as contracts
from contracts.services import verification
from portal.codes import ALPHABET


@settings(max_examples=200)
@given(code=st.text(alphabet=ALPHABET, min_size=10, max_size=10),
       separators=st.lists(st.sampled_from(["", " ", "-", " - "]), min_size=10, max_size=10),
       lower=st.booleans())
def test_a_code_is_read_whatever_the_case_spaces_and_dashes(code, separators, lower):
    typed = "".join(sep + ch for sep, ch in zip(separators, code, strict=True))
    assert contracts.normalise_code(typed.lower() if lower else typed) == code


def test_codes_use_only_unambiguous_characters_and_are_unique(attested):
    assert not set(ALPHABET) & set("01OIL")
    codes = {contracts.new_verification_code() for _ in range(500)}
    assert len(codes) == 500 and all(len(c) == 10 and set(c) <= set(ALPHABET) for c in codes)
    assert contracts.contract_by_code("not a code") is None


def test_a_code_another_contract_holds_is_drawn_again(attested, monkeypatch):
    first = attested()
    draws = iter([first.verification_code, "K7MX4P2QRT"])
    monkeypatch.setattr(verification, "new_verification_code", lambda: next(draws))
    second = attested()
    assert second.verification_code == "K7MX4P2QRT" and second.code_display == "K7MX-4P2Q-RT"
    assert contracts.contract_by_code("k7mx 4p2q rt") is second
