from registry import bp  # noqa: F401  officials' and agencies' pages (to be written)
