"""The layout ARCHITECTURE.md describes holds: the same rooms in every domain, small modules, imports at
the top, no domain pretending another may be missing, and every kernel module placed in a layer that
import-linter checks (`make lint`)."""
import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "registry", "contracts", "grievances")
DOMAINS = ("registry", "contracts", "grievances")
MODULES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _room(domain: str, name: str) -> bool:
    """A room is a module, or a package of modules once it outgrows one (models/, services/, routes/)."""
    return (ROOT / domain / f"{name}.py").exists() or (ROOT / domain / name / "__init__.py").exists()


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_has_the_same_rooms(domain):
    rooms = ("models", "forms", "schemas", "api", "services", "routes")
    assert [room for room in rooms if not _room(domain, room)] == []
    assert (ROOT / domain / "services" / "__init__.py").exists() and (ROOT / domain / "routes").is_dir()
    assert (ROOT / domain / "templates" / domain).is_dir()
    assert "def register(app)" in (ROOT / domain / "__init__.py").read_text()


@pytest.mark.parametrize("module", MODULES, ids=_id)
def test_no_module_is_over_400_lines(module):
    assert len(module.read_text().splitlines()) <= 400, "split it into a package of modules of one concern each"


def _project_imports(node) -> list[str]:
    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    return [n for n in names if n.split(".")[0] in PACKAGES]


@pytest.mark.parametrize("module", MODULES, ids=_id)
def test_project_code_is_imported_at_the_top(module):
    tree = ast.parse(module.read_text())
    local = [f"line {node.lineno}: {name}"
             for function in ast.walk(tree) if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
             for node in ast.walk(function) if isinstance(node, ast.Import | ast.ImportFrom)
             for name in _project_imports(node)]
    assert local == [], "a function-local import hides a dependency: import at the top of the module"


@pytest.mark.parametrize("module", MODULES, ids=_id)
def test_no_domain_is_treated_as_optional(module):
    source = module.read_text()
    tree = ast.parse(source)
    guarded = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.ExceptHandler)
               and isinstance(node.type, ast.Name) and node.type.id in ("ImportError", "ModuleNotFoundError")]
    assert guarded == [], "every domain is always there: no ImportError guards"
    assert "app.extensions" not in source, "domains meet in the shell (portal.pages), not through app.extensions"
    assert "has_endpoint" not in source


def test_no_template_asks_whether_a_page_exists():
    templates = [p for package in PACKAGES for p in (ROOT / package).glob("templates/**/*.html")]
    assert [_id(p) for p in templates if "has_endpoint" in p.read_text()] == []


def test_every_portal_module_is_in_a_checked_layer():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in config if c["type"] == "layers")
    placed = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    modules = {f"portal.{p.stem}" for p in (ROOT / "portal").glob("*.py") if p.stem != "__init__"}
    assert modules - placed == set(), "place the new module in a layer of pyproject.toml's import contract"
    assert set(DOMAINS) <= placed


def test_every_page_title_is_plain_text():
    """A title block holds words only: markup left in it (a merge gone wrong) shows as text in the tab."""
    titles = re.compile(r"{%-?\s*block title\s*-?%}(.*?){%-?\s*endblock", re.S)
    for template in ROOT.glob("*/templates/**/*.html"):
        for title in titles.findall(template.read_text()):
            assert "<" not in title and "\n" not in title, template.relative_to(ROOT)
