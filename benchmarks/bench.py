"""Time sphinx-jekyllposts against native MyST + ABlog on generated blogs (``nox -s bench``).

For each size N (``--sizes 100,500,1000`` by default), in one run and alternating
between the two projects: a full build, a full build with ``-j auto``, a rebuild
after editing one post's text, a no-op rebuild, and peak memory of each build; the
floor of any rebuild (a no-op of a one-page project with the same extensions and
theme); and the conversion stages alone (posts/s, and their share of our full
build). Documents
read and written are counted by ``benchmarks/_count.py`` (Sphinx's own events).

``python benchmarks/bench.py --sizes 100`` is a quick run; ``profile`` adds cProfile
to every build of the smallest size and prints the top functions;
``--markdown FILE`` writes the table for the docs; ``--against REF`` times instead the
full build with this checkout's code against the code of git ``REF``, alternating.
Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import compileall
from dataclasses import dataclass
import io
import json
import os
from pathlib import Path
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import (
    edit_post,
    write_empty_site,
    write_jekyll_site,
    write_native_site,
    write_plain_site,
)


def say(*parts: object, flush: bool = False) -> None:
    """Print (the benchmark's output is its report)."""
    sys.stdout.write(" ".join(map(str, parts)) + "\n")
    if flush:
        sys.stdout.flush()


@dataclass
class Run:
    """One sphinx-build: wall time, peak memory, documents read and written."""

    seconds: float
    peak_mib: float
    read: int
    written: int
    pages: int
    config: str
    status: int
    convert: float = 0.0
    """Seconds in the conversion stages (scan, Liquid, kramdown), ours only."""

    def describe(self, full: Run | None = None) -> str:
        """``12.3 s, read 1, wrote 3 (7% of full)``."""
        text = (
            f"{self.seconds:.2f} s, read {self.read}, wrote {self.written}+{self.pages}"
        )
        if full is not None:
            text += f" ({100 * self.seconds / full.seconds:.0f}% of full)"
        if self.config:
            text += f" [{self.config.strip()}]"
        if self.status:
            text += f" (exit {self.status})"
        return text


def sphinx_build(
    src: Path, out: Path, *, jobs: str | None = None, profile: Path | None = None,
    feeds: str = "archives", code: Path | None = None,
) -> Run:  # fmt: skip
    """Run sphinx-build in a child process and measure it (with the package found in
    ``code``, if given, instead of the installed one)."""
    counts = out.parent / "counts.json"
    counts.unlink(missing_ok=True)
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "sphinx", "-b", "html", "-q", str(src), str(out / "html")]
    command += ["-d", str(out / "doctrees")]
    if jobs:
        command += ["-j", jobs]
    env = {
        **os.environ,
        "JEKYLLPOSTS_BENCH_DIR": str(HERE),
        "JEKYLLPOSTS_BENCH_COUNT": str(counts),
        "JEKYLLPOSTS_BENCH_FEEDS": feeds,
        "PYTHONHASHSEED": "0",
    }
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(code), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
    start = time.perf_counter()
    # not from the checkout's folder, whose package would come before ``code``
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, cwd=src.parent
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    data = json.loads(counts.read_text()) if counts.is_file() else {}
    return Run(
        seconds,
        usage.ru_maxrss / 1024,
        data.get("read", -1),
        data.get("written", -1),
        data.get("pages", -1),
        data.get("config", ""),
        child.returncode,
        float(data.get("convert", 0.0)),
    )


def compile_bytecode(package: Path) -> None:
    """Compile the package's modules, as ``pip install`` does for an installed one.

    The other packages of the environment were installed with their bytecode; an
    editable checkout has none, and with ``PYTHONDONTWRITEBYTECODE`` set it never
    gets any, so every build would compile this package's modules again.
    """
    compileall.compile_dir(package, quiet=1)


def conversion_rate(site: Path) -> tuple[float, int]:
    """Posts per second through the pure stages (site, scan, Liquid, kramdown)."""
    from sphinx_jekyllposts.convert import convert_post, new_liquid_environment
    from sphinx_jekyllposts.posts import scan_site
    from sphinx_jekyllposts.site import load_site

    start = time.perf_counter()
    loaded, _ = load_site(site)
    scan = scan_site(loaded, drafts=False, future=True, unpublished=False)
    liquid = new_liquid_environment(loaded, scan.posts)
    for post in scan.posts:
        convert_post(loaded, post, liquid)
    seconds = time.perf_counter() - start
    return len(scan.posts) / seconds, len(scan.posts)


def machine() -> str:
    """The machine and versions the numbers come from."""
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    packages = ", ".join(
        f"{name} {version(name)}"
        for name in (
            "sphinx",
            "ablog",
            "pydata-sphinx-theme",
            "myst-parser",
            "docutils",
        )
    )
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem} GiB RAM, {platform.system()}; "
        f"Python {platform.python_version()}; {packages}"
    )


_FEED_UPDATED = re.compile(rb"<updated>[^<]*</updated>")


def _same(a: Path, b: Path) -> bool:
    """Same bytes; a feed's own ``<updated>`` (the time it was written) aside."""
    one, two = a.read_bytes(), b.read_bytes()
    if a.suffix == ".xml":
        one, two = (
            _FEED_UPDATED.sub(b"", one, count=1),
            _FEED_UPDATED.sub(b"", two, count=1),
        )
    return one == two


def _rebuild_is_clean(built: Path, src: Path, scratch: Path) -> bool:
    """Whether the incremental output equals a clean build's (HTML and feeds)."""
    shutil.rmtree(scratch, ignore_errors=True)
    sphinx_build(src, scratch)
    ok = True
    for page in sorted((scratch / "html").rglob("*")):
        if page.suffix not in (".html", ".xml") or not page.is_file():
            continue
        other = built / "html" / page.relative_to(scratch / "html")
        if not other.is_file() or not _same(page, other):
            say(f"  differs from a clean build: {page.relative_to(scratch / 'html')}")
            ok = False
    shutil.rmtree(scratch)
    return ok


def bench_size(
    n: int, work: Path, *, profile: bool, verify: bool, jobs: bool, repeat: int = 1
) -> list[list[str]]:
    """Every measurement for ``n`` posts, as table rows (of ``repeat`` rounds of full
    build, edit and no-op, the fastest of each: noise on a shared machine only adds)."""
    jekyll, native = work / f"jekyll-{n}", work / f"native-{n}"
    ours_posts = write_jekyll_site(jekyll, n)
    native_posts = write_native_site(jekyll, native)
    plain_posts = write_plain_site(native, work / f"plain-{n}")
    rate, count = conversion_rate(jekyll)
    out = {name: work / f"out-{name}-{n}" for name in ("ours", "native", "plain")}
    src = {"ours": jekyll, "native": native, "plain": work / f"plain-{n}"}

    def build(name: str, step: str, **kwargs: object) -> Run:
        prof = work / f"{name}-{n}-{step}.prof" if profile else None
        run = sphinx_build(src[name], out[name], profile=prof, **kwargs)  # type: ignore[arg-type]
        say(f"  N={n} {name:6} {step:8} {run.describe()}", flush=True)
        return run

    rounds: dict[str, list[Run]] = {}
    for _ in range(repeat):
        for folder in out.values():
            shutil.rmtree(folder, ignore_errors=True)
        for name in ("ours", "native", "plain"):
            rounds.setdefault(f"full {name}", []).append(build(name, "full"))
        for posts in (ours_posts, native_posts, plain_posts):
            edit_post(posts[len(posts) // 2])
        for step in ("edit", "noop"):
            for name in ("ours", "native", "plain"):
                rounds.setdefault(f"{step} {name}", []).append(build(name, step))
        rounds.setdefault("floor", []).append(_floor(work))
        say(f"  N={n} floor  noop     {rounds['floor'][-1].describe()}", flush=True)
    best = {key: min(runs, key=lambda r: r.seconds) for key, runs in rounds.items()}
    names = ("ours", "native", "plain")
    full = {name: best[f"full {name}"] for name in names}
    edit = {name: best[f"edit {name}"] for name in names}
    noop = {name: best[f"noop {name}"] for name in names}
    floor = best["floor"]
    clean = ""
    if verify:
        clean = (
            "yes" if _rebuild_is_clean(out["ours"], jekyll, work / "scratch") else "NO"
        )
    rows = [
        [str(n), "full build", _full(full["ours"]), _full(full["native"]),
         _ratio(full["ours"], full["native"])],
        [str(n), "one-post edit",
         edit["ours"].describe(full["ours"]) + _each_round(rounds, "edit ours"),
         edit["native"].describe(full["native"]), _ratio(edit["ours"], edit["native"])],
        [str(n), "no-op rebuild",
         noop["ours"].describe(full["ours"]) + _each_round(rounds, "noop ours"),
         noop["native"].describe(full["native"]), _ratio(noop["ours"], noop["native"])],
        [str(n), "no-op floor: a one-page project, same extensions and theme",
         floor.describe(full["ours"]), "", ""],
        [str(n), f"Sphinx alone: the same {n} pages without ABlog, full build",
         _full(full["plain"]), "", ""],
        [str(n), "Sphinx alone: one-page edit (share of our full build)",
         edit["plain"].describe(full["ours"]), "", ""],
        [str(n), "Sphinx alone: no-op rebuild (share of our full build)",
         noop["plain"].describe(full["ours"]), "", ""],
    ]  # fmt: skip
    if clean:
        rows.append([str(n), "edit output = clean build", clean, "", ""])
    if jobs:
        for folder in (out["ours"], out["native"]):
            shutil.rmtree(folder, ignore_errors=True)
        parallel = {
            name: build(name, "-j auto", jobs="auto") for name in ("ours", "native")
        }
        rows.append([
            str(n), "full build -j auto", _full(parallel["ours"]), _full(parallel["native"]),
            _ratio(parallel["ours"], parallel["native"]),
        ])  # fmt: skip
    shutil.rmtree(out["ours"], ignore_errors=True)
    light = build("ours", "feeds:default", feeds="default")
    rows.append([
        str(n), "full build, ABlog's feed defaults", _full(light), "",
        _ratio(light, full["native"]),
    ])  # fmt: skip
    inside = full["ours"].convert
    share = 100 * inside / full["ours"].seconds
    # each round's own share too: the stages vary between builds more than the rest
    shares = [100 * r.convert / r.seconds for r in rounds["full ours"]]
    stages = f"{inside:.2f} s, {count / inside:.0f} posts/s ({share:.1f}% of full)"
    rows.append([
        str(n), "conversion stages in the full build (scan, Liquid, kramdown)",
        stages + _shares(shares), "", "",
    ])  # fmt: skip
    rows.append([str(n), "conversion stages alone, one cold pass in-process",
                 f"{rate:.0f} posts/s", "", ""])  # fmt: skip
    return rows


def bench_against(ref: str, n: int, work: Path, *, repeat: int) -> list[list[str]]:
    """Full builds of one N-post blog with this checkout's package and with the
    package at git ``ref``, alternating for ``repeat`` rounds: the fastest and the
    mean of each (a change's effect, measured on the same machine in one run)."""
    other = work / ("code-" + re.sub(r"[^\w.-]", "_", ref))
    if not other.is_dir():
        archive = subprocess.run(
            ["git", "-C", str(HERE.parent), "archive", ref, "sphinx_jekyllposts"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(other, filter="data")
    compile_bytecode(other / "sphinx_jekyllposts")
    jekyll, out = work / f"jekyll-{n}", work / f"out-against-{n}"
    write_jekyll_site(jekyll, n)
    runs: dict[str, list[Run]] = {"this": [], ref: []}
    for _ in range(repeat):
        for name, code in (("this", HERE.parent), (ref, other)):
            shutil.rmtree(out, ignore_errors=True)
            runs[name].append(run := sphinx_build(jekyll, out, code=code))
            say(f"  N={n} {name:6} full     {run.describe()}", flush=True)

    def summary(name: str) -> str:
        seconds = [r.seconds for r in runs[name]]
        return f"fastest {min(seconds):.2f} s, mean {statistics.mean(seconds):.2f} s"

    mean = {name: statistics.mean(r.seconds for r in rs) for name, rs in runs.items()}
    label = f"full build, this checkout (left) and {ref} (right), {repeat} rounds"
    ratio = f"{mean['this'] / mean[ref]:.2f}"
    return [[str(n), label, summary("this"), summary(ref), ratio]]


def _floor(work: Path) -> Run:
    """A no-op rebuild of a one-page project with the same extensions and theme:
    the part of any rebuild that no extension can save (start-up, imports, set-up,
    ``genindex`` and ``search``)."""
    src, out = work / "empty", work / "out-empty"
    if not src.is_dir():
        write_empty_site(src)
        sphinx_build(src, out)
    return sphinx_build(src, out)


def _full(run: Run) -> str:
    status = f" (exit {run.status})" if run.status else ""
    return f"{run.seconds:.1f} s, {run.peak_mib:.0f} MiB{status}"


def _each_round(rounds: dict[str, list[Run]], key: str) -> str:
    """``key``'s share of each round's own full build: the machine's speed varies
    between rounds, and a rebuild is nearer in time to its own round's full build."""
    pairs = zip(rounds[key], rounds["full ours"], strict=True)
    return _shares([100 * run.seconds / full.seconds for run, full in pairs])


def _shares(shares: list[float]) -> str:
    """``; each round: 3.1%, 3.4% (median 3.3%)``."""
    each = ", ".join(f"{share:.1f}%" for share in shares)
    return f"; each round: {each} (median {statistics.median(shares):.1f}%)"


def _ratio(a: Run, b: Run) -> str:
    return f"{a.seconds / b.seconds:.2f}"


def table(rows: list[list[str]], against: str | None = None) -> str:
    """A Markdown table."""
    head = [
        "N",
        "measurement",
        "sphinx-jekyllposts",
        "native MyST + ABlog",
        "ours ÷ native",
    ]
    if against:
        head[2:] = ["this checkout", against, "this ÷ the other (means)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def print_profiles(work: Path, top: int = 25) -> None:
    """The top functions of each profiled build."""
    for path in sorted(work.glob("*.prof")):
        say(f"\n=== {path.name} (cumulative) ===")
        stats = pstats.Stats(str(path))
        stats.sort_stats("cumulative").print_stats(top)
        say(f"=== {path.name} (own time) ===")
        stats.sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", choices=["profile"], help="add cProfile")
    parser.add_argument("--sizes", default="100,500,1000", help="comma-separated N")
    parser.add_argument("--work", type=Path, help="keep the sites and builds here")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument(
        "--no-jobs", action="store_true", help="skip the -j auto builds"
    )
    parser.add_argument("--verify", action="store_true",
                        help="compare the edited rebuild with a clean build")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of full, edit and no-op builds; the table shows "
                        "the fastest of each")  # fmt: skip
    parser.add_argument("--against", metavar="REF",
                        help="only time full builds against the package at git REF, "
                        "alternating (--repeat rounds, at least 3)")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="jekyllposts-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    say(f"machine: {machine()}\nwork: {work}", flush=True)
    import sphinx_jekyllposts

    compile_bytecode(Path(sphinx_jekyllposts.__file__).parent)
    rows: list[list[str]] = []
    for index, n in enumerate(sizes):
        if args.against:
            rows += bench_against(args.against, n, work, repeat=max(args.repeat, 3))
            continue
        rows += bench_size(
            n, work, profile=args.mode == "profile" and index == 0,
            verify=args.verify, jobs=not args.no_jobs, repeat=max(args.repeat, 1),
        )  # fmt: skip
    result = table(rows, args.against)
    if args.repeat > 1 and not args.against:
        result = (
            f"Full builds, edits, no-ops and the floor: the fastest of {args.repeat}"
            f" rounds.\n\n{result}"
        )
    say("\n" + result)
    if args.markdown:
        args.markdown.write_text(
            f"Machine: {machine()}\n\n{result}\n", encoding="utf-8"
        )
    if args.mode == "profile":
        print_profiles(work)
    if args.work is None and args.mode != "profile":
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
