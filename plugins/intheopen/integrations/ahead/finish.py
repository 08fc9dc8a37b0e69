"""The pages an engine built from the generated folder, finished as the plugin finishes
them: feed links, the pre-election notice, each page's language, mended markup."""

from __future__ import annotations

from pathlib import Path

from intheopen.integrations.ahead.generate import Generated
from intheopen.integrations.finish import finished


def finish_site(site_dir: Path, generated: Generated) -> None:
    """Finish every HTML page in `site_dir` in place."""
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        text = path.read_text("utf-8")
        ours = generated.ours.get(relative)
        done = finished(text, generated.plan, generated.pause, ours, generated.language)
        if done != text:
            path.write_text(done, "utf-8")
