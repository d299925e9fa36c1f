"""Does the code keep the layout docs/architecture.md draws, and do the documented names work?

No import circles between modules or between packages of grading/ and simulator/ (imports
inside functions count too), every package's __init__ says its job and names its modules, the
architecture diagram names only packages that exist, and every ``python -m`` command, import
line and dotted name of ours written in README.md and docs/ still works.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("grading", "simulator")
ARCHITECTURE = ROOT / "docs" / "architecture.md"
FLOW = ("org.yaml", "course", "release", "trainee", "role-play", "transcript", "autograde",
        "feedback", "report")  # fmt: skip
OURS = r"(?:grading|simulator)"
DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *(readme for package in PACKAGES for readme in sorted((ROOT / package).rglob("README.md"))),
]


def module_name(path: Path) -> str:
    """The dotted name of a module file of ours."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
}


def imported_modules(path: Path) -> set[str]:
    """Modules of ours that `path` imports anywhere (top level or inside a function)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            found |= submodules or {base}
    return {module for module in found if module in MODULES and module != name}


def package_of(module: str) -> str:
    """The subpackage a module belongs to (``grading.grade``), or the module at the top."""
    return ".".join(module.split(".")[:2])


def cycle_in(graph: dict[str, set[str]]) -> list[str]:
    """One import circle in `graph`, or an empty list."""
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        return list(error.args[1])
    return []


MODULE_GRAPH = {name: imported_modules(path) for name, path in MODULES.items()}


def test_no_module_takes_part_in_an_import_circle() -> None:
    """An import circle makes the import order matter and the code hard to follow."""
    assert cycle_in(MODULE_GRAPH) == [], "import circle: " + " -> ".join(cycle_in(MODULE_GRAPH))


def test_no_two_packages_import_each_other() -> None:
    """Packages are layers (docs/architecture.md): a lower one never imports a higher one."""
    graph: dict[str, set[str]] = {}
    for module, imports in MODULE_GRAPH.items():
        graph.setdefault(package_of(module), set()).update(
            package_of(other) for other in imports if package_of(other) != package_of(module)
        )
    assert cycle_in(graph) == [], "package circle: " + " -> ".join(cycle_in(graph))


def test_the_simulator_never_imports_grading() -> None:
    """The role-play engine stands alone; grading builds on it."""
    offenders = {
        module: sorted(i for i in imports if i.startswith("grading"))
        for module, imports in MODULE_GRAPH.items()
        if module.startswith("simulator")
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_the_circle_check_finds_a_circle() -> None:
    """The check above would fail on a real circle."""
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) != []


PACKAGE_DIRS = sorted(path.parent for path in MODULES.values() if path.name == "__init__.py")


@pytest.mark.parametrize("folder", PACKAGE_DIRS, ids=lambda p: module_name(p / "__init__.py"))
def test_every_package_says_its_job_and_names_its_modules(folder: Path) -> None:
    """A newcomer reads the __init__ docstring first: it must say what the package is for and
    name each of its modules (or import it, as peer_codes does)."""
    source = (folder / "__init__.py").read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source)) or ""
    assert len(docstring) >= 60, f"{folder}/__init__.py: say what this package does"
    children = [
        child.stem if child.is_file() else child.name
        for child in folder.iterdir()
        if (child.suffix == ".py" and not child.name.startswith("_"))
        or (child / "__init__.py").is_file()
    ]
    unnamed = [
        child
        for child in children
        if not re.search(rf"\b{child}\b", docstring)
        and f"{module_name(folder / '__init__.py')}.{child}"
        not in imported_modules(folder / "__init__.py")
    ]
    assert unnamed == [], f"{folder}/__init__.py does not name {unnamed}"


def diagram() -> str:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    match = re.search(r"```mermaid\n(.*?)```", text, re.DOTALL)
    assert match, "docs/architecture.md: no mermaid diagram"
    return match.group(1)


def test_the_architecture_diagram_names_only_packages_that_exist() -> None:
    """Every package the diagram names is a package of ours, and every step of the flow is there,
    in order."""
    named = set(re.findall(rf"\b{OURS}\.\w+\b", diagram()))
    missing = [name for name in sorted(named) if not (ROOT / name.replace(".", "/")).is_dir()]
    assert named and missing == []
    labels = diagram().lower()
    positions = [labels.find(step) for step in FLOW]
    assert -1 not in positions, f"flow steps missing: {[s for s in FLOW if s not in labels]}"
    assert positions == sorted(positions), "the diagram's steps are out of order"


def test_the_architecture_page_names_every_package() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    packages = sorted({package_of(name) for name in MODULES if name.count(".") >= 2})
    assert [p for p in packages if f"`{p}`" not in text] == []


def documented(pattern: str) -> list[str]:
    """Every match of `pattern` in README.md, the docs and the packages' READMEs."""
    return sorted({m for doc in DOCS for m in re.findall(pattern, doc.read_text(encoding="utf-8"))})


COMMANDS = documented(rf"python -m ({OURS}[\w.]*(?: [a-z][a-z-]+)?)\b(?![/.\w])")


@pytest.mark.parametrize("command", COMMANDS)
def test_documented_commands_run(command: str) -> None:
    """Each ``python -m`` command written in the docs answers ``--help``."""
    module, _, subcommand = command.partition(" ")
    argv = [sys.executable, "-m", module, *([subcommand] if subcommand else []), "--help"]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(argv[1:])}:\n{result.stderr[-2000:]}"


def test_documented_imports_work() -> None:
    """Each one-line ``from grading|simulator… import …`` in the docs runs."""
    lines = documented(rf"(?m)^\s*(from {OURS}[\w.]* import [\w, ]+)$")
    assert lines
    result = subprocess.run(
        [sys.executable, "-c", "\n".join(line.strip() for line in lines)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def resolves(dotted: str) -> bool:
    """Whether `dotted` is a module of ours or a name inside one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        if module in MODULES:
            target = importlib.import_module(module)
            for attribute in parts[cut:]:
                if not hasattr(target, attribute):
                    return False
                target = getattr(target, attribute)
            return True
    return False


def test_dotted_names_in_the_docs_exist() -> None:
    """A renamed module or function leaves no stale name in README.md or docs/."""
    names = documented(rf"(?<![\w./-]){OURS}(?:\.[A-Za-z_]\w*)+")
    assert names
    assert [name for name in names if not resolves(name)] == []
