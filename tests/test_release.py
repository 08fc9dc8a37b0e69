"""In the Open installs from anywhere it can come from: its sdist and wheel are built and
checked as a release would be, and `init` run from a wheel or from this checkout writes a
requirements.txt that installs that same intheopen into a fresh virtual environment (no
package index holds intheopen), after which the new blog checks and builds strict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

SITE = ("--council", "Anytown Borough Council", "--site-url", "https://blog.anytown.gov.uk/")
CONTACT = ("--email", "digital@anytown.gov.uk")


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _venv(where: Path) -> Path:
    """A fresh virtual environment with nothing of ours in it; its bin folder."""
    _run(sys.executable, "-m", "venv", where)
    return where / ("Scripts" if os.name == "nt" else "bin")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    return out


def test_the_sdist_and_wheel_pass_the_index_checks(dist: Path) -> None:
    [wheel] = dist.glob("intheopen-*.whl")
    [sdist] = dist.glob("intheopen-*.tar.gz")
    assert wheel.name.split("-")[1] == sdist.name.removesuffix(".tar.gz").split("-")[1]
    _run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)

    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "intheopen/py.typed",
        "intheopen/data/principles.yml",
        "intheopen/templates/init/mkdocs.yml",
        "intheopen/templates/new/post.md.j2",
        "intheopen/templates/theme/assets/intheopen/pages.js",
    ):
        assert needed in names
    assert not [n for n in names if n.startswith(("tests/", "bench/", "posts/"))]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "intheopen = intheopen.cli:run" in text
    assert "[mkdocs.plugins]" in text
    with tarfile.open(sdist) as archive:
        inside = {name.partition("/")[2] for name in archive.getnames()}
    assert {"README.md", "LICENSE", "CHANGELOG.md", "pyproject.toml", "PKG-INFO"} <= inside


def _new_blog_installs_and_builds(blog: Path, where: Path) -> None:
    """A fresh environment gets the blog's requirements.txt; the blog checks and builds."""
    tools = _venv(where)
    _run(tools / "python", "-m", "pip", "install", "--quiet", "-r", blog / "requirements.txt")
    assert "no problems found" in _run(tools / "intheopen", "check", "--strict", cwd=blog)
    _run(tools / "mkdocs", "build", "--strict", cwd=blog)
    assert (blog / "site" / "feed.xml").is_file()


def test_init_from_an_installed_wheel_writes_requirements_that_install_it(
    dist: Path, tmp_path: Path
) -> None:
    [wheel] = dist.glob("intheopen-*.whl")
    tools = _venv(tmp_path / "from-wheel")
    _run(tools / "python", "-m", "pip", "install", "--quiet", wheel)
    said = _run(tools / "intheopen", "init", tmp_path / "blog", *SITE, *CONTACT)

    first = _requirement(tmp_path / "blog")
    assert first.startswith("intheopen @ file:") and "#sha256=" in first
    assert f"from the file {wheel}" in said
    assert "CI cannot install it" in said  # a file on this computer: said, not hidden
    _new_blog_installs_and_builds(tmp_path / "blog", tmp_path / "fresh")


def test_init_from_this_checkout_writes_requirements_that_install_it(tmp_path: Path) -> None:
    recorded = json.loads(_installed_record("direct_url.json") or "{}")
    if "dir_info" not in recorded:
        pytest.skip("this intheopen was not installed from a checkout")
    tools = Path(sys.executable).parent
    said = _run(tools / "intheopen", "init", tmp_path / "blog", *SITE, *CONTACT)

    first = _requirement(tmp_path / "blog")
    assert first in (f"intheopen @ {ROOT.as_uri()}",) or first.startswith("intheopen @ git+")
    assert "requirements.txt installs In the Open" in said
    _new_blog_installs_and_builds(tmp_path / "blog", tmp_path / "fresh")


def _requirement(blog: Path) -> str:
    lines = (blog / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line and not line.startswith("#"))


def _installed_record(name: str) -> str | None:
    from importlib import metadata

    return metadata.distribution("intheopen").read_text(name)


def _installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: dict | None) -> None:  # type: ignore[type-arg]
    """A package `council-tool` 1.2.0 installed as pip records `direct` (PEP 610)."""
    info = tmp_path / "site" / "council_tool-1.2.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: council-tool\nVersion: 1.2.0\n")
    if direct is not None:
        (info / "direct_url.json").write_text(json.dumps(direct))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))


@pytest.mark.parametrize(
    ("direct", "requirement", "portable"),
    [
        (None, "council-tool==1.2.0", True),
        (
            {
                "url": "https://github.com/anytown/tool.git",
                "vcs_info": {"vcs": "git", "commit_id": "a" * 40, "requested_revision": "main"},
            },
            f"council-tool @ git+https://github.com/anytown/tool.git@{'a' * 40}",
            True,
        ),
        (
            {
                "url": "https://files.example/tool-1.2.0.tar.gz",
                "archive_info": {"hashes": {"sha256": "b" * 64}},
            },
            f"council-tool @ https://files.example/tool-1.2.0.tar.gz#sha256={'b' * 64}",
            True,
        ),
        (
            {"url": "file:///nowhere/tool", "dir_info": {"editable": True}},
            "council-tool @ file:///nowhere/tool",
            False,
        ),
    ],
    ids=["index", "git", "archive", "folder"],
)
def test_the_requirement_names_where_the_package_came_from(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    direct: dict | None,  # type: ignore[type-arg]
    requirement: str,
    portable: bool,
) -> None:
    from intheopen.authoring.origin import origin

    _installed(tmp_path, monkeypatch, direct)
    found = origin("council-tool")
    assert (found.requirement, found.portable) == (requirement, portable)


def test_a_checkout_of_a_pushed_commit_is_installed_from_its_remote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intheopen.authoring.origin import origin

    checkout = tmp_path / "tool"
    checkout.mkdir()
    for args in (
        ("init", "-q", "-b", "main"),
        (
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "one",
        ),
        ("remote", "add", "origin", "git@github.com:anytown/tool.git"),
    ):
        _run("git", "-C", checkout, *args)
    _installed(tmp_path, monkeypatch, {"url": checkout.as_uri(), "dir_info": {}})
    assert not origin("council-tool").portable  # the commit is on no remote yet

    _run("git", "-C", checkout, "update-ref", "refs/remotes/origin/main", "HEAD")
    commit = _run("git", "-C", checkout, "rev-parse", "HEAD").strip()
    found = origin("council-tool")
    assert found.requirement == f"council-tool @ git+https://github.com/anytown/tool.git@{commit}"
    assert found.portable
