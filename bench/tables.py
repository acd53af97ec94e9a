#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tables.py RESULTS [DOC]: the benchmark tables of one bench/run.sh run.

RESULTS is what bench/run.sh printed: a "# date kernel cpus memory" line, then one line a
figure, "LABEL key=value ...".  The tables are made from those lines alone (no number is
typed in by hand): printed to stdout, or with DOC written into DOC between the lines
<!-- bench/run.sh: begin --> and <!-- bench/run.sh: end --> (the rest of DOC, the
discussion of the figures, is left as it is).  A table whose benchmark did not run is left
out; a figure a line lacks is "-"."""
import re
import sys

BEGIN = "<!-- bench/run.sh: begin -->"
END = "<!-- bench/run.sh: end -->"


def parse(text):
    """{label: {key: value}} of the result lines, and the header line."""
    figures, header = {}, ""
    for line in text.splitlines():
        if line.startswith("# load average") and header:
            header += ", " + line[2:]	# the end of the run's
            continue
        if line.startswith("# "):
            header = header or line[2:]
            continue
        m = re.match(r"(\S+) (.*)", line)
        if not m:
            continue
        kv = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', m.group(2)))
        figures[m.group(1)] = {k: v.strip('"') for k, v in kv.items()}
    return figures, header


def num(v, fmt):
    try:
        return fmt.format(float(v))
    except (TypeError, ValueError):
        return "-" if v is None else v


def mb(v):
    return num(None if v is None else float(v) / 1e6, "{:.1f} MB")


# (title, label pattern, columns: (header, sibling line suffix, key, format))
TABLES = [
    ("Boot (`bench_boot --all`): the boot's wall time against a first-touch memset of "
     "the dense memmap's size", r"boot_[^_]+$",
     [("time", "", "wall_s", "{:.4f} s"), ("memset bound", "", "memset_s", "{:.3f} s"),
      ("ratio", "", "ratio_time", "{:.5f}"), ("sections", "_detail", "memmap_sections", "{:.0f}"),
      ("peak RSS", "", "peak_rss_bytes", mb)]),
    ("Add + online + offline + remove (`bench_hotplug --all`)", r"hotplug_\w+(?<!_cycle)"
     r"(?<!_detail)(?<!_cpu)(?<!_mem)(?<!_pgtable)$",
     [("cycle", "_cycle", "cycle_s", "{:.4f} s"), ("memset bound", "_cycle", "memset_s", "{:.3f} s"),
      ("ratio", "_cycle", "ratio_cycle", "{:.4f}"),
      ("add / online / offline / remove, ms/GiB", "", None, None),
      ("peak RSS", "_mem", "peak_rss_bytes", mb)]),
    ("Offline of memory full of pages (`bench_offline --all`, medians)", r"offline_\d+G$",
     [("offline", "", "offline_ms_per_gib", "{:.1f} ms/GiB"),
      ("memcpy", "", "memcpy_ms_per_gib", "{:.1f} ms/GiB"), ("ratio", "", "ratio_memcpy", "{:.2f}"),
      ("memcpy page by page", "", "memcpy_4k_ms_per_gib", "{:.1f} ms/GiB"),
      ("ratio", "", "ratio_memcpy_4k", "{:.2f}"), ("ns a page", "", "ns_per_page", "{:.0f}")]),
    ("devdax namespace create and destroy (`bench_devdax --all`; min / median)",
     r"devdax_\w+_map_(dev|mem)$",
     [("create, ms/GiB", "", ("create_ms_per_gib_min", "create_ms_per_gib_median"), "{:.4f}"),
      ("destroy, ms/GiB", "", ("destroy_ms_per_gib_min", "destroy_ms_per_gib_median"), "{:.4f}"),
      ("create / memset", "", ("create_to_memset_min", "create_to_memset_median"), "{:.5f}")]),
    ("virtio-mem 1 TiB plug + unplug (`bench_virtio_mem`; min / median)", r"virtio_mem_\w+$",
     [("wall", "", ("plug_unplug_s_min", "plug_unplug_s_median"), "{:.3f}"),
      ("CPU s", "", ("cpu_s_min", "cpu_s_median"), "{:.3f}"),
      ("/ memset bound", "", ("to_memset_min", "to_memset_median"), "{:.4f}"),
      ("peak RSS", "", "peak_rss_mb", "{:.1f} MB")]),
    ("Cost against size (`bench_scale`)", r"scale_\w+(?<!_detail)$",
     [("size", "", "size_gib", "{:.0f} GiB"), ("sections", "", "sections", "{:.0f}"),
      ("median", "", "median_s", "{:.4f} s"), ("µs/section", "", "us_per_section", "{:.2f}"),
      ("peak RSS", "", "peak_rss_bytes", mb), ("/ bound (median)", "", "ratio_median", "{:.4f}")]),
]


def cell(figures, label, suffix, key, fmt):
    f = figures.get(label + suffix, {})
    if key is None:		# hotplug's phases, one cell
        keys = ("add_ms_per_gib", "online_ms_per_gib", "offline_ms_per_gib", "remove_ms_per_gib")
        return " / ".join(num(f.get(k), "{:.3f}") for k in keys)
    if isinstance(key, tuple):
        return " / ".join(num(f.get(k), fmt) for k in key)
    return fmt(f.get(key)) if callable(fmt) else num(f.get(key), fmt)


def tables(figures, header):
    out = [f"(Written by `bench/run.sh` from its run of {header}; every figure is one "
           "line of its output.)", ""]
    for title, pattern, cols in TABLES:
        labels = [l for l in figures if re.fullmatch(pattern, l)]
        if not labels:
            continue
        out += [title + ":", "", "| case | " + " | ".join(c[0] for c in cols) + " |",
                "| --- |" + " --- |" * len(cols)]
        for label in labels:
            out.append(f"| {label} | " +
                       " | ".join(cell(figures, label, *c[1:]) for c in cols) + " |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def main():
    figures, header = parse(open(sys.argv[1]).read())
    text = tables(figures, header)
    if len(sys.argv) < 3:
        sys.stdout.write(text)
        return
    doc = open(sys.argv[2]).read()
    if BEGIN not in doc or END not in doc:
        sys.exit(f"{sys.argv[2]}: no {BEGIN} ... {END} section to write the tables into")
    head, rest = doc.split(BEGIN, 1)
    open(sys.argv[2], "w").write(head + BEGIN + "\n" + text + END + rest.split(END, 1)[1])


main()
