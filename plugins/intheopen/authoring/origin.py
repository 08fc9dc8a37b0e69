"""Where the installed intheopen came from, as a line of requirements.txt that installs the
same intheopen again — on this machine, and where possible on CI too.

pip records an install that did not come from a package index in the package's
`direct_url.json` (PEP 610): a version-control URL with its commit, an archive's URL, or a
local folder. A folder that is a git checkout of a pushed commit is written as that commit
of its remote, so CI can install it; any other folder or file is written as it is, and
`portable` is False because only this computer can install from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from intheopen.content.gitdates import git


@dataclass(frozen=True)
class Origin:
    requirement: str  # one line of requirements.txt
    said: str  # where it comes from, in words
    portable: bool  # whether another machine (CI) can install from it


def origin(name: str = "intheopen") -> Origin:
    """How to install the `name` installed here, again (from the index, at the latest
    version, when it was never installed: run from a source folder)."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return Origin(name, "the package index, at its latest version", True)
    version = dist.version
    recorded = dist.read_text("direct_url.json")
    if not recorded:
        return Origin(f"{name}=={version}", f"the package index, version {version}", True)
    try:
        direct = json.loads(recorded)
        url = str(direct["url"])
    except (ValueError, KeyError, TypeError):
        return Origin(f"{name}=={version}", f"the package index, version {version}", True)
    fragment = f"#subdirectory={direct['subdirectory']}" if direct.get("subdirectory") else ""
    if "vcs_info" in direct:
        info = direct["vcs_info"]
        pinned = f"{info['vcs']}+{url}@{info['commit_id']}"
        return Origin(
            f"{name} @ {pinned}{fragment}",
            f"{url} at commit {info['commit_id'][:12]}",
            not url.startswith("file:"),
        )
    local = Path(url2pathname(unquote(urlsplit(url).path))) if url.startswith("file:") else None
    if "dir_info" in direct and local:
        folder = local
        pushed = _pushed_commit(folder)
        if pushed:
            remote, commit = pushed
            return Origin(
                f"{name} @ git+{remote}@{commit}{fragment}",
                f"{remote} at commit {commit[:12]} (the commit checked out in {folder})",
                True,
            )
        return Origin(f"{name} @ {url}{fragment}", f"the folder {folder}", False)
    hashes = direct.get("archive_info", {}).get("hashes", {})
    digest = f"#sha256={hashes['sha256']}" if "sha256" in hashes and not fragment else ""
    said = f"the file {local}" if local else url
    return Origin(f"{name} @ {url}{fragment or digest}", said, local is None)


def _pushed_commit(folder: Path) -> tuple[str, str] | None:
    """The web address of a remote holding the commit checked out in `folder`, and the
    commit; None when `folder` is not a git checkout, has changes not committed, or its
    commit is on no remote that other machines can reach."""
    commit = (git(folder, "rev-parse", "HEAD") or "").strip()
    if not commit or git(folder, "status", "--porcelain", "--untracked-files=no") != "":
        return None
    remotes = (git(folder, "remote") or "").split()
    for remote in sorted(remotes, key=lambda r: r != "origin"):
        address = _web_address(git(folder, "remote", "get-url", remote) or "")
        if address and git(folder, "branch", "-r", "--contains", commit, "--list", f"{remote}/*"):
            return address, commit
    return None


def _web_address(url: str) -> str | None:
    """A remote's URL as pip installs it over the network, or None for a local one."""
    url = url.strip()
    if url.startswith(("https://", "http://", "ssh://")):
        return url
    host, colon, path = url.partition(":")
    if colon and "@" in host and "/" not in host:  # git@github.com:council/intheopen.git
        return f"https://{host.partition('@')[2]}/{path}"
    return None
