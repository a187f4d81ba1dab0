"""Packages import downward only: the CLI and demo are a shell nothing imports; the record
contract imports no other package; the engine knows nothing of the web app or the crawler."""

import ast
import socket

import pytest

from conftest import ROOT

# What each package may import of the project's own packages.
ALLOWED = {
    "carefinder": set(),
    "crawler": {"carefinder"},
    "index": {"carefinder"},
    "openreferral": {"carefinder"},
    "webapp": {"carefinder", "index", "openreferral"},
    "carefinder_cli": {"carefinder", "crawler", "index", "openreferral", "webapp"},
}


def imported_packages(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


def test_every_package_is_checked():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert packages == set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_the_layers_below(package):
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in imported_packages(path) - ALLOWED[package] - {package}
    }
    assert wrong == set()


def test_demo_takes_a_free_port_when_the_asked_one_is_busy():
    from carefinder_cli.demo import free_port

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        chosen = free_port("127.0.0.1", taken)
        assert chosen != taken
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", chosen))  # really free
