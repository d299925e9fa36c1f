"""Do pyproject.toml and environment.yml ask for the same packages at the same versions?"""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(req.name): str(req.specifier) for req in map(Requirement, lines)}


def _conda_requirements() -> dict[str, str]:
    environment = YAML(typ="safe").load((ROOT / "environment.yml").read_text())
    found = {}
    for entry in environment["dependencies"]:
        if isinstance(entry, str) and entry not in ("pip",) and not entry.startswith("python"):
            requirement = Requirement(entry)
            found[_name(requirement.name)] = str(requirement.specifier)
    return found


def _name(name: str) -> str:
    return name.lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    """Does every pyproject dependency appear in environment.yml with the same version range?"""
    assert _conda_requirements() == _pyproject_requirements()


def test_python_versions_agree():
    """Do both files accept the same Python versions?"""
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    environment = (ROOT / "environment.yml").read_text()
    assert f"python{requires}" in environment.replace(" ", "")
