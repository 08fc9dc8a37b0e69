#!/usr/bin/env python3
"""In the Open against Material's blog on the same generated posts: cold, warm and serve.

    python bench/run.py [--sizes 250,1000,2000] [--rounds 3] [--edits 5] [--home DIR]
                        [--engines]

Run it with the project's Python (the one In the Open is installed in); the reference gets
a virtual environment of its own under HOME (bench/sites.py). For each N, each round runs,
in turn: our cold build (render cache deleted first), our warm build (cache kept, nothing
changed), the reference build, and the floor, "plain" (the same posts as plain pages of
Material, with the reference's versions: no blog, listings or feeds); with --engines, also
`intheopen build` with ProperDocs (render cache deleted first) and with Zensical (the blog
generated ahead, Zensical's own cache cleared, as `intheopen build` always does). Each is
a whole build process, timed from the outside: wall time, CPU time (user + system, from
the kernel) and peak memory (of the largest single process: Zensical's is its own
child's). Ratios are taken pair by pair within a round, so the drift of a shared machine
hits both sides alike; quote the medians. The row "cold ÷ plain" is our cold build against
the floor, taken the same way: what the blog costs beyond rendering the posts at all.

Then `intheopen serve` (which rebuilds only what a save changed) and plain `mkdocs serve`
(which rebuilds everything) each run over our site, and each of EDITS saves adds a sentence
to one post; the time from the save until the server returns the changed page is the serve
figure, given against the reference's median full build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import sites

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
INTHEOPEN = str(Path(sys.executable).with_name("intheopen"))
# The other engines, each a cold `intheopen build` (see README, "Engines").
ENGINE_CASES = {
    "properdocs cold": [INTHEOPEN, "build", "--engine", "properdocs", "--strict", "--quiet"],
    "zensical": [INTHEOPEN, "build", "--engine", "zensical", "--strict"],
}
# `intheopen serve` rebuilds only what a save changed (mkdocs serve --dirty, made exact by
# the plugin); plain `mkdocs serve` rebuilds the whole site on every save.
SERVERS = {
    "serve edit": [INTHEOPEN, "serve"],
    "mkdocs serve edit": [sys.executable, "-m", "mkdocs", "serve", "--livereload"],
}


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mib: float


def timed(command: list[str], where: Path) -> Run:
    """One process, timed from outside; fails loudly if the build fails."""
    start = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=where,
        env=ENV,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed in {where}:\n{errors.decode(errors='replace')}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def builds(
    count: int, rounds: int, base: Path, engines: bool, reference_too: bool = True
) -> dict[str, list[Run]]:
    ours, reference, plain = sites.prepare(count, base)
    ours_build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    reference_build = [str(sites.reference_python(base)), "-m", "mkdocs", "build", "--quiet"]
    others = ENGINE_CASES if engines else {}
    runs: dict[str, list[Run]] = {"cold": [], "warm": [], "material": [], "plain": []}
    runs.update({case: [] for case in others})
    timed(ours_build, ours)  # warm the disk and the interpreter's bytecode, untimed
    if reference_too:
        timed(reference_build, reference)
        timed(reference_build, plain)
    for command in others.values():
        timed(command, ours)
    for _ in range(rounds):
        shutil.rmtree(ours / ".cache", ignore_errors=True)
        runs["cold"].append(timed(ours_build, ours))
        runs["warm"].append(timed(ours_build, ours))
        if reference_too:
            runs["material"].append(timed(reference_build, reference))
            runs["plain"].append(timed(reference_build, plain))
        for case, command in others.items():
            shutil.rmtree(ours / ".cache", ignore_errors=True)
            runs[case].append(timed(command, ours))
    timed(ours_build, ours)  # leave the site as our MkDocs build makes it, for serve
    return runs


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return str(answer.read().decode())
    except OSError:
        return ""


def serve(count: int, edits: int, base: Path, command: list[str]) -> list[float]:
    """Seconds from saving an edit to one post until `command` (a server of our site)
    returns the new page."""
    ours, _, _ = sites.prepare(count, base)
    post, url = middle_post(ours)
    original = post.read_text(encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ours,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = []
    try:
        address = f"http://127.0.0.1:{port}{url}"
        deadline = time.monotonic() + 600
        while "</html>" not in fetch(address):
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("mkdocs serve did not start")
            time.sleep(0.2)
        for edit in range(edits):
            time.sleep(2)  # let the previous rebuild settle and the watcher re-arm
            marker = f"Benchmark edit {edit} at {time.time_ns()}."
            saved = time.monotonic()
            post.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            while marker not in fetch(address):
                if time.monotonic() - saved > 300:
                    sys.exit("the edit never reached the page")
                time.sleep(0.02)
            seconds.append(time.monotonic() - saved)
    finally:
        server.terminate()
        server.wait()
        post.write_text(original, encoding="utf-8")
    return seconds


def middle_post(site: Path) -> tuple[Path, str]:
    """The middle published post (posts dated after today are not published yet) and its
    URL, read from the JSON index of the last build."""
    index = json.loads((site / "site" / "posts.json").read_text(encoding="utf-8"))
    entry = index["posts"][len(index["posts"]) // 2]
    relative = entry["id"].rsplit(":posts/", 1)[1]  # the GUID ends with the post's path
    return site / "posts" / f"{relative}.md", "/" + entry["url"].split("/", 3)[3]


def median(runs: list[Run], key: str) -> float:
    return statistics.median(getattr(run, key) for run in runs)


def ratios(a: list[Run], b: list[Run], key: str) -> float:
    return statistics.median(getattr(x, key) / getattr(y, key) for x, y in zip(a, b, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="250,1000,2000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--home", type=Path, default=sites.home())
    parser.add_argument(
        "--engines", action="store_true", help="also build with ProperDocs and Zensical"
    )
    parser.add_argument("--json", type=Path, help="append the raw figures to this file")
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help="skip the reference build and plain `mkdocs serve` (slow at 10,000 posts)",
    )
    args = parser.parse_args()
    header = (
        "| N | case | wall s | CPU s | peak MiB | wall ratio | CPU ratio |\n"
        "|---:|---|---:|---:|---:|---:|---:|"
    )
    print(header, flush=True)
    for count in (int(size) for size in args.sizes.split(",")):
        runs = builds(count, args.rounds, args.home, args.engines, not args.no_reference)
        reference = runs["material"]
        for case in (case for case in runs if runs[case]):
            wall = f"{ratios(runs[case], reference, 'wall'):.3f}" if reference else ""
            cpu = f"{ratios(runs[case], reference, 'cpu'):.3f}" if reference else ""
            print(
                f"| {count} | {case} | {median(runs[case], 'wall'):.2f} "
                f"| {median(runs[case], 'cpu'):.2f} | {median(runs[case], 'peak_mib'):.0f} "
                f"| {wall} | {cpu} |",
                flush=True,
            )
        floor = runs["plain"]
        if floor and runs["cold"]:  # ours against what any blog on MkDocs + Material pays
            print(
                f"| {count} | cold ÷ plain | | | | {ratios(runs['cold'], floor, 'wall'):.3f} "
                f"| {ratios(runs['cold'], floor, 'cpu'):.3f} |",
                flush=True,
            )
        served = {}
        for case, command in SERVERS.items() if args.edits else ():
            if args.no_reference and case != "serve edit":  # plain serve rebuilds it all
                continue
            edits = served[case] = serve(count, args.edits, args.home, command)
            ratio = statistics.median(edits) / median(reference, "wall") if reference else None
            print(
                f"| {count} | {case} | {statistics.median(edits):.2f} | | | "
                f"{'' if ratio is None else f'{ratio:.3f}'} | |",
                flush=True,
            )
        if args.json:
            with args.json.open("a", encoding="utf-8") as out:
                figures = {
                    case: [run.__dict__ for run in case_runs] for case, case_runs in runs.items()
                }
                out.write(json.dumps({"n": count, **figures, **served}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
