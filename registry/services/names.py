"""How names are compared: lower case, accents and punctuation removed, single spaces."""
import unicodedata


def normalise(text: str) -> str:
    """Lower-case, accents and punctuation removed, single spaces: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())
