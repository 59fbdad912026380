#!/usr/bin/env python3
"""Collect target/bench-results/*.json (written by the benchmarks and scripts/bench-app.sh)
into bench/RESULTS.md, with a description of the machine they ran on."""
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
results_dir = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target")), "bench-results")
out_path = os.path.join(root, "bench", "RESULTS.md")

ORDER = ["match", "match-view", "prospects", "calls", "search-2", "search-3", "import", "pdf-summary",
         "period-report", "sync-10k", "app-cold-start", "app-memory", "db-size"]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=root).stdout.strip()
    except OSError:
        return ""


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    virt = sh("systemd-detect-virt 2>/dev/null") or sh("grep -o hypervisor /proc/cpuinfo | head -1")
    return [
        f"CPU: {cpu}, {os.cpu_count()} logical cores" + (f" (virtualized: {virt})" if virt else ""),
        f"Memory: {mem_kb / 1024 / 1024:.1f} GiB",
        f"Disk: {sh('df -h ' + root + ' | tail -1')}",
        f"OS: {platform.platform()}",
        f"Rust: {sh('rustc --version')}",
        f"Commit: {sh('git rev-parse --short HEAD')}{' (with uncommitted changes)' if sh('git status --porcelain') else ''}",
    ]


def fmt(v, unit):
    if v is None:
        return "–"
    if unit == "ms" and v >= 1000:
        return f"{v / 1000:.2f} s"
    if unit == "ms":
        return f"{v:.3g} ms" if v < 10 else f"{v:.0f} ms"
    return f"{v:g} {unit}"


def main():
    if not os.path.isdir(results_dir):
        sys.exit(f"error: no results in {results_dir}; run scripts/bench.sh")
    res = {}
    for name in os.listdir(results_dir):
        if name.endswith(".json") and not name.endswith(".small.json"):
            with open(os.path.join(results_dir, name)) as f:
                r = json.load(f)
            res[r["id"]] = r
    ids = [i for i in ORDER if i in res] + sorted(i for i in res if i not in ORDER)
    missing = [i for i in ORDER if i not in res]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} by `scripts/bench.sh` "
        "(see the README's Benchmarks section for how each figure is taken).",
        "",
        "## Machine",
        "",
        *[f"- {m}" for m in machine()],
        "",
        "## Figures",
        "",
        "Median and p95 over single operations (runs = operations timed). The floor is measured in the "
        "same run: the least work the operation cannot avoid; ratio = median / floor median. "
        "The core figures read a plain SQLite file; a desk in use is encrypted with SQLCipher (the sync "
        "figure uses encrypted desks), which adds page decryption to every read that misses SQLite's cache.",
        "",
        "| Figure | Target | Median | p95 | Met | Floor (median) | Ratio | Runs |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i in ids:
        r = res[i]
        fl = r.get("floor")
        ratio = f"{r['median'] / fl['median']:.1f}×" if fl and fl.get("median") else "–"
        met = {True: "yes", False: "**no**", None: "–"}[r.get("met")]
        lines.append(
            f"| {r['title']} | {r['target']} | {fmt(r['median'], r['unit'])} | {fmt(r.get('p95'), r['unit'])} | {met} "
            f"| {fmt(fl['median'], r['unit']) if fl else '–'} | {ratio} | {r.get('runs', '–')} |"
        )
    lines += ["", "## Notes per figure", ""]
    for i in ids:
        r = res[i]
        fl = r.get("floor")
        lines.append(f"- **{r['title']}**: {r.get('notes', '')}" + (f" Floor: {fl['what']}." if fl else ""))
    if missing:
        lines += ["", f"Not measured in this run: {', '.join(missing)}."]
    extra = os.path.join(root, "bench", "ANALYSIS.md")
    if os.path.exists(extra):
        lines += ["", "See [ANALYSIS.md](ANALYSIS.md) for what was profiled and fixed, and what remains."]
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out_path} ({len(ids)} figures)")


main()
