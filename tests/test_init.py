"""`intheopen init`: a new council blog repository that builds, checks and deploys."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from conftest import run
from intheopen.content import catalogue, spec
from sitebuild import build

COUNCIL = "Cyngor Sir Ynys Môn & O'Brien's Ŵyr Council"  # '&', apostrophes, Welsh letters
SITE_NAME = f"{COUNCIL} digital blog"
EMAIL = "digidol@ynysmon.llyw.cymru"
URL = "https://blog.ynysmon.llyw.cymru/"
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "our-blog"
    result = run("init", str(folder), "--council", COUNCIL, "--email", EMAIL, "--site-url", URL)
    assert result.exit_code == 0, result.output
    assert f"Wrote a new blog for {COUNCIL} in {folder}." in result.output
    return folder


def _yaml(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def test_init_writes_a_whole_repository(blog: Path) -> None:
    written = sorted(p.relative_to(blog).as_posix() for p in blog.rglob("*") if p.is_file())
    year = next((blog / "posts").iterdir()).name
    ours = [name for name in written if not name.startswith(".git/")]
    assert ours == [
        ".github/dependabot.yml",
        ".github/workflows/blog.yml",
        ".gitignore",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        ".vscode/authors.schema.json",
        ".vscode/extensions.json",
        ".vscode/post.schema.json",
        ".vscode/settings.json",
        "README.md",
        "authors.yml",
        "docs/about.md",
        "docs/assets/council.css",
        "docs/index.md",
        "mkdocs.yml",
        "overrides/main.html",
        *(f"post-templates/{kind}.md" for kind in sorted(catalogue.type_slugs())),
        f"posts/{year}/welcome.md",
        "requirements.txt",
    ]
    if shutil.which("git"):
        assert (blog / ".git").is_dir()
    config = _yaml(blog / "mkdocs.yml")
    assert config["site_name"] == SITE_NAME
    assert config["site_author"] == COUNCIL
    assert config["plugins"][1]["intheopen"]["council"] == COUNCIL
    assert _yaml(blog / "authors.yml") == {
        "digital-team": {"name": f"{COUNCIL} digital team", "role": "Digital team"}
    }
    pins = (blog / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pinned = [line for line in pins if not line.startswith("#")]
    assert re.fullmatch(r"intheopen(==| @ (file:|git\+)).+", pinned[0])  # as installed here
    names = {line.split("==")[0].lower() for line in pinned[1:]}
    assert {"mkdocs", "mkdocs-material", "feedgen", "python-frontmatter"} <= names
    assert all(re.fullmatch(r"[\w.-]+==[\w.+-]+", line) for line in pinned[1:])
    ignored = (blog / ".gitignore").read_text(encoding="utf-8").split()
    assert {"site/", ".cache/", "public/", "preview/"} <= set(ignored)
    readme = (blog / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {SITE_NAME}\n")
    for words in ("Create new file", "What the checks mean", "## Preview"):
        assert words in readme


def test_the_new_blog_checks_and_builds_strict(blog: Path) -> None:
    checked = subprocess.run(
        [_tool("intheopen"), "check", "--strict"], cwd=blog, capture_output=True, text=True
    )
    assert (checked.returncode, checked.stdout) == (0, "Checked 1 post: no problems found.\n")
    done = build(blog, "--strict")
    assert done.returncode == 0, done.stderr
    site = blog / "site"
    home = lxml_html.fromstring((site / "index.html").read_bytes())
    assert home.findtext(".//title") == SITE_NAME
    assert COUNCIL in home.text_content()
    [welcome] = site.glob("posts/*/*/welcome/index.html")
    post = lxml_html.fromstring(welcome.read_bytes())
    assert post.findtext(".//h1") == "We are working in the open"
    assert f"{COUNCIL} has signed the" in " ".join(post.text_content().split())
    for name in ("feed.xml", "feed.atom"):
        feed = feedparser.parse((site / name).read_bytes())
        assert not feed.bozo, name
        assert feed.feed.title == SITE_NAME
        assert [entry.title for entry in feed.entries] == ["We are working in the open"]
    json_feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert json_feed["title"] == SITE_NAME
    assert [item["title"] for item in json_feed["items"]] == ["We are working in the open"]
    for xml in [*site.rglob("*.xml"), *site.rglob("*.atom"), *site.rglob("*.opml")]:
        etree.fromstring(xml.read_bytes())  # well-formed, whatever the council is called
    opml = etree.fromstring((site / "feeds.opml").read_bytes())
    assert opml.findtext("head/title", "").startswith(SITE_NAME)
    for page in ("accessibility", "cookies", "subscribe", "about"):
        assert (site / page / "index.html").is_file()
    statement = (site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert EMAIL in statement


def test_the_new_blogs_pages_are_valid_html(blog: Path) -> None:
    from browser import vnu

    if not (blog / "site").is_dir():
        assert build(blog, "--strict").returncode == 0
    pages = [blog / "site" / "index.html", *(blog / "site").glob("posts/*/*/welcome/index.html")]
    assert vnu(pages) == []


def test_the_github_workflow_checks_pull_requests_and_deploys_main(blog: Path) -> None:
    path = blog / ".github" / "workflows" / "blog.yml"
    schema = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    text = path.read_text(encoding="utf-8")
    uses = [line for line in text.splitlines() if "uses:" in line]
    assert uses and all(PINNED.match(line) for line in uses), uses
    workflow = _yaml(path)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"pull_request", "push", "schedule", "workflow_dispatch"}
    assert triggers["schedule"] == [{"cron": "15 5 * * *"}]  # scheduled posts go live daily
    assert triggers["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {}
    check, deploy = workflow["jobs"]["check"], workflow["jobs"]["deploy"]
    assert check["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "check"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    runs = [step.get("run", "") for step in check["steps"]]
    assert "intheopen check --strict --format github" in runs
    assert "intheopen build --strict" in runs
    assert "SOURCE_DATE_EPOCH" not in text  # it would hold back posts scheduled for today
    assert "intheopen build --strict --no-directory-urls --site-dir preview" in runs
    [upload] = [step for step in check["steps"] if "upload-artifact" in step.get("uses", "")]
    assert upload["with"]["path"] == "preview/"
    checkout = check["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    dependabot = blog / ".github" / "dependabot.yml"
    schema = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(dependabot)],
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    ecosystems = {u["package-ecosystem"] for u in _yaml(dependabot)["updates"]}
    assert ecosystems == {"github-actions", "pip"}


def test_the_gitlab_pipeline_checks_merge_requests_and_publishes_pages(blog: Path) -> None:
    path = blog / ".gitlab-ci.yml"
    schema = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(path)],
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    pipeline = _yaml(path)
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+", pipeline["image"])
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    check, pages = pipeline["check"], pipeline["pages"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert check["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert (
        "intheopen check --format gitlab > gl-code-quality-report.json || true" in check["script"]
    )
    assert "intheopen check --strict" in check["script"]
    assert check["artifacts"]["paths"] == ["preview/"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"] == {"paths": ["public"]}
    assert "intheopen build --strict --site-dir public" in pages["script"]


def test_the_editor_settings_point_at_schemas_the_files_meet(blog: Path) -> None:
    settings = json.loads((blog / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert schemas == {
        "./.vscode/post.schema.json": ["posts/**/*.md"],
        "./.vscode/authors.schema.json": ["authors.yml"],
    }
    post_schema = json.loads((blog / ".vscode" / "post.schema.json").read_text("utf-8"))
    authors_schema = json.loads((blog / ".vscode" / "authors.schema.json").read_text("utf-8"))
    for schema in (post_schema, authors_schema):
        jsonschema.Draft202012Validator.check_schema(schema)
    assert post_schema == json.loads(run("schema").output)
    assert authors_schema == json.loads(run("schema", "--authors").output)
    [welcome] = (blog / "posts").glob("*/welcome.md")
    front = yaml.safe_load(welcome.read_text(encoding="utf-8").split("---")[1])
    front["date"] = str(front["date"])
    jsonschema.validate(front, post_schema)
    jsonschema.validate(_yaml(blog / "authors.yml"), authors_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"Jo Bloggs": {"name": "Jo"}}, authors_schema)
    recommended = json.loads((blog / ".vscode" / "extensions.json").read_text("utf-8"))
    assert recommended == {"recommendations": ["redhat.vscode-yaml"]}


def test_the_new_blogs_pre_commit_config_is_valid(blog: Path) -> None:
    done = subprocess.run(
        [_tool("pre-commit"), "validate-config", str(blog / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [hook] = _yaml(blog / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    [ours] = yaml.safe_load(
        Path(__file__).parent.parent.joinpath(".pre-commit-hooks.yaml").read_text("utf-8")
    )
    same = ("id", "entry", "files", "require_serial")  # serial: one summary per commit
    assert [hook[key] for key in same] == [ours[key] for key in same]
    assert hook["require_serial"] is True


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run("init", str(tmp_path), "--council", "Anytown Council")
    assert result.exit_code == 2
    assert f"Invalid value for DIR: {tmp_path} is not empty; give a new or empty folder" in (
        result.output
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--council", "  "], "Invalid value for --council: give the council's name"),
        (["--council", "A\nB"], "has a line break or another control character in it"),
        (["--council", 'The "Best" Council'], "the council's name cannot have < > or \" in it"),
        (
            ["--council", "Anytown", "--site-url", "blog.anytown.gov.uk"],
            "Invalid value for --site-url: 'blog.anytown.gov.uk' is not a web address",
        ),
        (
            ["--council", "Anytown", "--email", "digital at anytown"],
            "Invalid value for --email: 'digital at anytown' is not an e-mail address",
        ),
    ],
)
def test_init_refuses_names_and_addresses_it_cannot_use(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run("init", str(tmp_path / "blog"), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "blog").exists()


def test_the_site_url_given_is_used_everywhere(tmp_path: Path) -> None:
    folder = tmp_path / "blog"
    url = "https://digital.anytown.gov.uk"
    assert run("init", str(folder), "--council", "Anytown", "--site-url", url).exit_code == 0
    assert _yaml(folder / "mkdocs.yml")["site_url"] == url + "/"


def test_the_councils_own_addresses_are_its_own(tmp_path: Path) -> None:
    folder = tmp_path / "blog"
    result = run(
        "init",
        str(folder),
        "--council",
        "Anytown",
        "--site-url",
        "https://anytown.github.io/blog/",
        "--email",
        "digital@anytown.gov.uk",
    )
    assert result.exit_code == 0, result.output
    options = _yaml(folder / "mkdocs.yml")["plugins"][1]["intheopen"]
    assert options["council_domains"] == ["anytown.gov.uk"]  # not github.io: shared by all
    assert options["accessibility"]["email"] == "digital@anytown.gov.uk"
    assert "placeholder" not in result.output


def test_placeholders_are_named_until_replaced(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "blog"), "--council", "Anytown")
    assert "in mkdocs.yml, replace the placeholder site_url and the accessibility e-mail" in (
        result.output
    )
    assert (
        "council_domains" not in _yaml(tmp_path / "blog" / "mkdocs.yml")["plugins"][1]["intheopen"]
    )


def test_the_preview_the_checks_keep_opens_from_a_folder(blog: Path) -> None:
    done = build(blog, "--strict", "--no-directory-urls", "--site-dir", "preview")
    assert done.returncode == 0, done.stderr
    preview = blog / "preview"
    pages = [preview / "index.html", *preview.glob("posts/*/*/welcome/index.html")]
    pages += [preview / "posts" / "index.html", preview / "subscribe" / "index.html"]
    assert len(pages) == 4
    for page in pages:
        for link in lxml_html.fromstring(page.read_bytes()).xpath("//a/@href"):
            target = link.split("#")[0]
            if target and "://" not in target and not target.startswith("mailto:"):
                assert (page.parent / target).is_file(), (page, link)


def test_init_says_so_when_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    result = run("init", str(tmp_path / "notes.txt" / "blog"), "--council", "Anytown")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: could not write the new blog into {tmp_path / 'notes.txt' / 'blog'}: "
    )
    assert "Traceback" not in result.output


def test_the_post_templates_explain_every_field_and_check_as_drafts(
    blog: Path, tmp_path: Path
) -> None:
    site = tmp_path / "copy"
    shutil.copytree(blog, site, ignore=shutil.ignore_patterns("site", "preview", ".git"))
    for kind in catalogue.type_slugs():
        template = (site / "post-templates" / f"{kind}.md").read_text("utf-8")
        for field in spec.POST:
            if not field.types or kind in field.types:
                assert re.search(rf"^(# )?{field.key}:", template, re.M), (kind, field.key)
        assert "# Required. The post's title" in template
        (site / "posts" / f"{kind}-copied.md").write_text(template, "utf-8")
    checked = subprocess.run(
        [_tool("intheopen"), "check", "--strict"], cwd=site, capture_output=True, text=True
    )
    assert checked.stdout == "Checked 6 posts: no problems found.\n"  # drafts, as copied

    for path in (site / "posts").glob("*-copied.md"):
        path.write_text(path.read_text("utf-8").replace("\nstatus: draft\n", "\n"), "utf-8")
    checked = subprocess.run(
        [_tool("intheopen"), "check", "--strict"], cwd=site, capture_output=True, text=True
    )
    assert checked.returncode == 1
    for kind in catalogue.type_slugs():
        assert f"posts/{kind}-copied.md:7: title: is still the placeholder" in checked.stdout
