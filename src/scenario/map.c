// SPDX-License-Identifier: GPL-2.0
/*
 * map.c - SVG pictures of the physical address space and an HTML page that
 * steps through a scenario's dumps (see map.h).
 */
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/map.h"
#include "hotmem/memremap.h"
#include "hotmem/scenario.h"
#include "hotmem/system.h"

#define BLOCKS_PER_ROW	16
#define CELL_W		44
#define CELL_H		30
#define ROW_GAP		6
#define HOLE_ROW_H	18
#define LEFT		132
#define TOP		64
#define MAX_DEVICES	64
/* virtio-mem sub-blocks not plugged: the block's colour faded to white */
#define UNPLUGGED_FILL	"#ffffff\" fill-opacity=\"0.85"

static const char *const node_colors[] = { "#222222", "#8c564b", "#17becf", "#bcbd22",
					    "#7f7f7f", "#e377c2", "#1f77b4", "#9467bd" };

/* The fill of a block: by state, and by zone when online. */
static const char *block_fill(const struct memory_block *mem, const char **label)
{
	if (mem->state == MEM_GOING_OFFLINE) {
		*label = "going offline";
		return "#e15759";
	}
	if (mem->state != MEM_ONLINE) {
		*label = "offline";
		return "#e8e8e8";
	}
	if (!mem->zone) {	/* boot memory spanning two zones (block 0: DMA and DMA32) */
		*label = "online, more than one zone";
		return "#76b7b2";
	}
	switch (mem->zone->idx) {
	case ZONE_DMA:
	case ZONE_DMA32:
		*label = "online DMA/DMA32";
		return "#4e79a7";
	case ZONE_NORMAL:
		*label = "online Normal";
		return "#59a14f";
	case ZONE_MOVABLE:
		*label = "online Movable";
		return "#f28e2b";
	default:
		*label = "Device";
		return "#b07aa1";
	}
}

static void xml_text(struct hm_buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			hm_buf_printf(out, "&lt;");
		else if (*s == '>')
			hm_buf_printf(out, "&gt;");
		else if (*s == '&')
			hm_buf_printf(out, "&amp;");
		else if (*s == '"')
			hm_buf_printf(out, "&quot;");
		else
			hm_buf_append(out, s, 1);
	}
}

static void human_size(uint64_t bytes, char *buf, size_t len)
{
	if (bytes >= (1ULL << 30) && !(bytes & ((1ULL << 30) - 1)))
		snprintf(buf, len, "%lluG", (unsigned long long)(bytes >> 30));
	else
		snprintf(buf, len, "%lluM", (unsigned long long)(bytes >> 20));
}

struct layout {
	unsigned long nr_rows;		/* rows of BLOCKS_PER_ROW blocks from address 0 */
	int *row_y;			/* y of each row, -1 folded into a hole */
	bool *row_hole_start;		/* a folded run starts here (its label) */
	int height;
};

/* An address range as lsmem's RANGE column writes it: inclusive, 16 digits. */
static void lsmem_range(struct hm_buf *out, uint64_t start, uint64_t size)
{
	hm_buf_printf(out, "0x%016llx-0x%016llx", (unsigned long long)start,
		      (unsigned long long)(start + size - 1));
}

/* The name of a ZONE_DEVICE range's type, as ndctl and the kernel's docs say it. */
static const char *pgmap_type_name(enum memory_type type)
{
	switch (type) {
	case MEMORY_DEVICE_PRIVATE:
		return "device-private";
	case MEMORY_DEVICE_COHERENT:
		return "device-coherent";
	case MEMORY_DEVICE_FS_DAX:
		return "fsdax";
	case MEMORY_DEVICE_GENERIC:
		return "devdax";
	case MEMORY_DEVICE_PCI_P2PDMA:
		return "p2pdma";
	}
	return "device";
}

/*
 * Is row r drawn?  If it holds a block, a device or ZONE_DEVICE memory, or
 * is the first or the last row of the device-memory region; the empty rows
 * of a big region (maxmem=80T has 40960 of them) fold into one row like a
 * hole does.
 */
static bool row_used(struct hm_system *sys, unsigned long r, uint64_t dev_base, uint64_t dev_end,
		     const struct hm_memory_device_info *devs, unsigned int nr_devs)
{
	unsigned long id, block = memory_block_size_bytes(sys);
	uint64_t start = (uint64_t)r * BLOCKS_PER_ROW * block, end = start + BLOCKS_PER_ROW * block;
	const struct dev_pagemap *p;
	unsigned int i;

	for (id = r * BLOCKS_PER_ROW; id < (r + 1) * BLOCKS_PER_ROW; id++)
		if (id < sys->memory.nr_slots && sys->memory.blocks[id])
			return true;
	for (i = 0; i < nr_devs; i++)
		if (start < devs[i].addr + devs[i].size && end > devs[i].addr)
			return true;
	for (p = sys->pgmaps; p; p = p->next)
		if (p->live && start <= p->end && end > p->start)
			return true;
	if (dev_end <= dev_base)
		return false;
	return (start <= dev_base && dev_base < end) || (start < dev_end && dev_end <= end);
}

static int cell_x(unsigned long id)
{
	return LEFT + (int)(id % BLOCKS_PER_ROW) * CELL_W;
}

/* Outlines [addr, addr+size) over the rows it covers; label at the first segment. */
static void outline(struct hm_buf *out, struct hm_system *sys, const struct layout *l,
		    uint64_t addr, uint64_t size, const char *stroke, bool dashed,
		    const char *label)
{
	unsigned long block = memory_block_size_bytes(sys);
	unsigned long first = addr / block, last = (addr + size - 1) / block, id;
	bool labelled = false;

	for (id = first; id <= last;) {
		unsigned long r = id / BLOCKS_PER_ROW, end = (r + 1) * BLOCKS_PER_ROW - 1;
		int y;

		if (end > last)
			end = last;
		if (r >= l->nr_rows || l->row_y[r] < 0) {
			id = end + 1;
			continue;
		}
		y = l->row_y[r];
		hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
			      "stroke=\"%s\" stroke-width=\"3\"%s rx=\"3\"/>\n", cell_x(id) - 2,
			      y - 2, (int)(end - id + 1) * CELL_W, CELL_H + 4, stroke,
			      dashed ? " stroke-dasharray=\"6 3\"" : "");
		if (!labelled && label) {
			hm_buf_printf(out, "<text x=\"%d\" y=\"%d\" class=\"dev\" fill=\"%s\">",
				      cell_x(id), y - 5, stroke);
			xml_text(out, label);
			hm_buf_printf(out, "</text>\n");
			labelled = true;
		}
		id = end + 1;
	}
}

/*
 * Fills the part of each block cell that [addr, addr+size) covers (a range
 * need not start or end at a block's edge), with a tooltip naming it.
 */
static void fill_range(struct hm_buf *out, struct hm_system *sys, const struct layout *l,
		       uint64_t addr, uint64_t size, const char *fill, const char *style,
		       const char *what)
{
	unsigned long block = memory_block_size_bytes(sys), id;
	uint64_t end = addr + size;

	for (id = addr / block; (uint64_t)id * block < end; id++) {
		uint64_t bs = (uint64_t)id * block, a = addr > bs ? addr : bs;
		uint64_t b = end < bs + block ? end : bs + block;
		unsigned long r = id / BLOCKS_PER_ROW;
		int x0 = (int)((a - bs) * (CELL_W - 2) / block);
		int x1 = (int)((b - bs) * (CELL_W - 2) / block);

		if (r >= l->nr_rows || l->row_y[r] < 0)
			continue;
		hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			      "fill=\"%s\"%s><title>", cell_x(id) + 1 + x0, l->row_y[r] + 1,
			      x1 > x0 ? x1 - x0 : 1, CELL_H - 2, fill, style);
		lsmem_range(out, a, b - a);
		hm_buf_printf(out, ": ");
		xml_text(out, what);
		hm_buf_printf(out, "</title></rect>\n");
	}
}

/*
 * The blocks of a virtio-mem device that are not plugged, over the memory
 * blocks that hold plugged ones too: a memory block of sub-blocks (the
 * driver's Sub Block Mode) is partly plugged, and drawn so.
 */
/*
 * Whether a memory block holds virtio-mem sub-blocks that are not plugged:
 * its cell is partly faded, and its number is drawn dark to stay legible.
 */
static bool block_partly_plugged(struct hm_system *sys, const struct hm_memory_device_info *devs,
				 unsigned int nr_devs, unsigned long id)
{
	unsigned long block = memory_block_size_bytes(sys);
	uint64_t bs = (uint64_t)id * block, b;
	unsigned int i;

	for (i = 0; i < nr_devs; i++) {
		const struct hm_memory_device_info *d = &devs[i];

		if (!d->plugged_blocks || !d->block_size || d->block_size >= block ||
		    bs < d->addr || bs >= d->addr + d->size)
			continue;
		for (b = (bs - d->addr) / d->block_size;
		     b < d->size / d->block_size && d->addr + b * d->block_size < bs + block; b++)
			if (!d->plugged_blocks[b])
				return true;
	}
	return false;
}

static void unplugged_subblocks(struct hm_buf *out, struct hm_system *sys, const struct layout *l,
				const struct hm_memory_device_info *d)
{
	unsigned long block = memory_block_size_bytes(sys);
	uint64_t b, nr, run;

	if (!d->plugged_blocks || !d->block_size || d->block_size >= block)
		return;
	nr = d->size / d->block_size;
	for (b = 0; b < nr; b = run) {
		uint64_t a = d->addr + b * d->block_size, id = a / block;

		for (run = b + 1; run < nr && !d->plugged_blocks[run] == !d->plugged_blocks[b] &&
		     (d->addr + run * d->block_size) / block == id; run++)
			;
		if (d->plugged_blocks[b] || id >= sys->memory.nr_slots || !sys->memory.blocks[id])
			continue;
		fill_range(out, sys, l, a, (run - b) * d->block_size, UNPLUGGED_FILL, "",
			   "virtio-mem sub-blocks not plugged");
	}
}

void map_svg(struct hm_machine *m, const char *title, struct hm_buf *out)
{
	struct hm_system *sys = machine_system(m);
	unsigned long block = memory_block_size_bytes(sys), r, id, nr_rows;
	struct hm_memory_device_info devs[MAX_DEVICES];
	uint64_t dev_base, dev_size, end = 0, dev_end;
	unsigned int nr_devs, i;
	const struct dev_pagemap *p;
	struct layout l = { 0 };
	struct hm_buf numbers;		/* the blocks' numbers, drawn over every fill */
	int width, y, legend_y;
	char sz[32], label[160];

	hm_buf_init(&numbers);
	nr_devs = machine_memory_devices(m, devs, MAX_DEVICES, &dev_base, &dev_size);
	if (nr_devs > MAX_DEVICES)
		nr_devs = MAX_DEVICES;
	dev_end = dev_base + dev_size;
	for (id = 0; id < sys->memory.nr_slots; id++)
		if (sys->memory.blocks[id])
			end = (uint64_t)(id + 1) * block;
	if (dev_end > end)
		end = dev_end;
	for (p = sys->pgmaps; p; p = p->next)
		if (p->live && p->end + 1 > end)
			end = p->end + 1;
	nr_rows = (unsigned long)((end + (uint64_t)BLOCKS_PER_ROW * block - 1) /
				  ((uint64_t)BLOCKS_PER_ROW * block));
	l.nr_rows = nr_rows;
	l.row_y = hm_kcalloc(&sys->alloc, nr_rows ? nr_rows : 1, sizeof(*l.row_y));
	l.row_hole_start = hm_kcalloc(&sys->alloc, nr_rows ? nr_rows : 1,
				      sizeof(*l.row_hole_start));
	if (!l.row_y || !l.row_hole_start)
		goto out;
	/* rows with memory get a row each; a run of rows without any is one thin hole row */
	y = TOP;
	for (r = 0; r < nr_rows; r++) {
		if (row_used(sys, r, dev_base, dev_end, devs, nr_devs)) {
			l.row_y[r] = y;
			y += CELL_H + ROW_GAP + 10;
		} else {
			l.row_y[r] = -1;	/* folded into the hole row that starts the run */
			if (!r || l.row_y[r - 1] >= 0) {
				l.row_hole_start[r] = true;
				l.row_y[r] = -y;	/* folded: where its label goes */
				y += HOLE_ROW_H + ROW_GAP + 14;
			}
		}
	}
	legend_y = y + 10;
	l.height = legend_y + 60;
	width = LEFT + BLOCKS_PER_ROW * CELL_W + 20;

	hm_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		      "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\">\n",
		      width, l.height, width, l.height);
	hm_buf_printf(out, "<style>text{font-size:11px} .t{font-size:15px;font-weight:bold} "
		      ".a{font-family:DejaVu Sans Mono,monospace;font-size:10px} "
		      ".n{font-size:9px;fill:#fff} .dev{font-size:11px;font-weight:bold} "
		      ".h{font-size:10px;fill:#777;font-style:italic}</style>\n");
	hm_buf_printf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
	hm_buf_printf(out, "<text x=\"10\" y=\"22\" class=\"t\">");
	xml_text(out, title);
	human_size(block, sz, sizeof(sz));
	hm_buf_printf(out, "</text>\n<text x=\"10\" y=\"40\">physical address space, %u blocks "
		      "of %s a row; MemTotal %lu kB, MemFree %lu kB</text>\n", BLOCKS_PER_ROW, sz,
		      totalram_pages(sys) * (PAGE_SIZE / 1024),
		      global_free_pages(sys) * (PAGE_SIZE / 1024));

	/* the device-memory region behind its cells */
	if (dev_size)
		for (r = 0; r < nr_rows; r++) {
			uint64_t rs = (uint64_t)r * BLOCKS_PER_ROW * block;
			uint64_t re = rs + (uint64_t)BLOCKS_PER_ROW * block;
			uint64_t a = rs > dev_base ? rs : dev_base, b = re < dev_end ? re : dev_end;

			if (l.row_y[r] < 0 || a >= b)
				continue;
			hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				      "fill=\"#fff6d5\"/>\n", cell_x(a / block), l.row_y[r] - 4,
				      (int)((b - a) / block) * CELL_W, CELL_H + 8);
		}

	for (r = 0; r < nr_rows; r++) {
		uint64_t rs = (uint64_t)r * BLOCKS_PER_ROW * block;

		if (l.row_y[r] < 0) {
			unsigned long r2 = r;
			int hy = -l.row_y[r] + 12;

			if (!l.row_hole_start[r])
				continue;
			while (r2 < nr_rows && l.row_y[r2] < 0)
				r2++;
			human_size((uint64_t)(r2 - r) * BLOCKS_PER_ROW * block, sz, sizeof(sz));
			hm_buf_printf(out, "<text x=\"%d\" y=\"%d\" class=\"h\">%s at ", LEFT, hy,
				      dev_size && rs >= dev_base && rs < dev_end ?
				      "device-memory region, nothing plugged" : "hole: no memory");
			lsmem_range(out, rs, (uint64_t)(r2 - r) * BLOCKS_PER_ROW * block);
			hm_buf_printf(out, " (%s)</text>\n", sz);
			continue;
		}
		hm_buf_printf(out, "<text x=\"8\" y=\"%d\" class=\"a\">0x%016llx</text>\n",
			      l.row_y[r] + CELL_H / 2 + 4, (unsigned long long)rs);
		for (id = r * BLOCKS_PER_ROW; id < (r + 1) * BLOCKS_PER_ROW; id++) {
			struct memory_block *mem = id < sys->memory.nr_slots ?
						   sys->memory.blocks[id] : NULL;
			const char *what, *fill;
			int x = cell_x(id);

			if (!mem) {
				uint64_t a = (uint64_t)id * block;
				bool hotpluggable = dev_size && a >= dev_base && a < dev_end;

				hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
					      "fill=\"none\" stroke=\"%s\" stroke-dasharray=\"2 2\">"
					      "<title>", x + 1, l.row_y[r] + 1, CELL_W - 2, CELL_H - 2,
					      hotpluggable ? "#c9b458" : "#cccccc");
				lsmem_range(out, a, block);
				hm_buf_printf(out, ": %s</title></rect>\n",
					      hotpluggable ? "device memory, no block" : "no memory");
				continue;
			}
			fill = block_fill(mem, &what);
			hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				      "fill=\"%s\" stroke=\"#555\" stroke-width=\"0.5\"><title>memory%lu ",
				      x + 1, l.row_y[r] + 1, CELL_W - 2, CELL_H - 2, fill, id);
			lsmem_range(out, (uint64_t)id * block, block);
			hm_buf_printf(out, ": %s, node %d</title></rect>\n", what, mem->nid);
			/* the node: a stripe at the bottom */
			hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"5\" "
				      "fill=\"%s\"/>\n", x + 1, l.row_y[r] + CELL_H - 6, CELL_W - 2,
				      node_colors[(mem->nid < 0 ? 0 : mem->nid) % 8]);
			hm_buf_printf(&numbers, "<text x=\"%d\" y=\"%d\" class=\"n\"%s>%lu</text>\n",
				      x + 4, l.row_y[r] + 13,
				      mem->state == MEM_ONLINE &&
				      !block_partly_plugged(sys, devs, nr_devs, id) ?
				      "" : " style=\"fill:#333\"", id);
		}
	}

	/* ZONE_DEVICE memory (memremap_pages: no memory blocks), then virtio-mem's holes */
	for (p = sys->pgmaps; p; p = p->next) {
		if (!p->live)
			continue;
		snprintf(label, sizeof(label), "ZONE_DEVICE, %s, node %d", pgmap_type_name(p->type),
			 p->nid);
		fill_range(out, sys, &l, p->start, p->end - p->start + 1, "#b07aa1",
			   " stroke=\"#555\" stroke-width=\"0.5\"", label);
	}
	for (i = 0; i < nr_devs; i++)
		unplugged_subblocks(out, sys, &l, &devs[i]);
	/* the numbers after the fills: a fade drawn later hid a partly plugged block's */
	if (numbers.len)
		hm_buf_append(out, numbers.data, numbers.len);
	if (numbers.oom)
		out->oom = 1;

	/* devices over the cells, by QEMU's type */
	for (i = 0; i < nr_devs; i++) {
		bool vmem = !strcmp(devs[i].type, "virtio-mem-pci");
		bool nvdimm = !strcmp(devs[i].type, "nvdimm");
		char plugged[32], bs[32];

		human_size(devs[i].size, sz, sizeof(sz));
		human_size(devs[i].plugged, plugged, sizeof(plugged));
		human_size(devs[i].block_size, bs, sizeof(bs));
		if (vmem)
			snprintf(label, sizeof(label),
				 "%s (virtio-mem, node %d, %s of %s plugged, blocks of %s)",
				 devs[i].id ? devs[i].id : "(no id)", devs[i].node, plugged, sz, bs);
		else
			snprintf(label, sizeof(label), "%s (%s, node %d, %s)",
				 devs[i].id ? devs[i].id : "(no id)", nvdimm ? "NVDIMM" : "pc-dimm",
				 devs[i].node, sz);
		outline(out, sys, &l, devs[i].addr, devs[i].size,
			vmem ? "#6a3d9a" : nvdimm ? "#1b7837" : "#b2182b", vmem, label);
	}

	/* legend */
	{
		static const struct { const char *fill, *text; } keys[] = {
			{ "#4e79a7", "online DMA/DMA32" }, { "#59a14f", "online Normal" },
			{ "#f28e2b", "online Movable" }, { "#76b7b2", "online, two zones" },
			{ "#b07aa1", "ZONE_DEVICE" },
			{ "#e8e8e8", "offline" }, { "#fff6d5", "device-memory region" },
		};
		int x = 10;
		size_t k;

		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const char *c;
			int caps = 0;

			hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" "
				      "fill=\"%s\" stroke=\"#555\" stroke-width=\"0.5\"/>"
				      "<text x=\"%d\" y=\"%d\">%s</text>\n", x, legend_y, keys[k].fill,
				      x + 18, legend_y + 11, keys[k].text);
			/* capitals are wider */
			for (c = keys[k].text; *c; c++)
				caps += *c >= 'A' && *c <= 'Z';
			x += 30 + (int)strlen(keys[k].text) * 6 + caps * 2;
		}
		x = 10;
		hm_buf_printf(out, "<text x=\"%d\" y=\"%d\">node stripe:</text>\n", x,
			      legend_y + 34);
		x += 75;
		for (k = 0; k < 4; k++, x += 50)
			hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"5\" "
				      "fill=\"%s\"/><text x=\"%d\" y=\"%d\">%zu</text>\n", x,
				      legend_y + 27, node_colors[k], x + 18, legend_y + 34, k);
		hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"none\" "
			      "stroke=\"#b2182b\" stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">DIMM"
			      "</text>\n", x + 10, legend_y + 22, x + 30, legend_y + 34);
		hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"none\" "
			      "stroke=\"#6a3d9a\" stroke-width=\"3\" stroke-dasharray=\"6 3\"/>"
			      "<text x=\"%d\" y=\"%d\">virtio-mem</text>\n", x + 80, legend_y + 22,
			      x + 100, legend_y + 34);
		hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" "
			      "fill=\"" UNPLUGGED_FILL "\" stroke=\"#6a3d9a\" stroke-width=\"0.5\"/>"
			      "<text x=\"%d\" y=\"%d\">not plugged</text>\n",
			      x + 175, legend_y + 22, x + 195, legend_y + 34);
		hm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"none\" "
			      "stroke=\"#1b7837\" stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">NVDIMM"
			      "</text>\n", x + 275, legend_y + 22, x + 295, legend_y + 34);
	}
	hm_buf_printf(out, "</svg>\n");
out:
	hm_buf_free(&numbers);
	hm_kfree(&sys->alloc, l.row_y);
	hm_kfree(&sys->alloc, l.row_hole_start);
}

static void html_escape(FILE *f, const char *s)
{
	struct hm_buf b;

	hm_buf_init(&b);
	xml_text(&b, s);
	fputs(hm_buf_str(&b), f);
	hm_buf_free(&b);
}

int map_scenario(const struct scenario *scn, bool html, FILE *out, struct hm_buf *err)
{
	struct scenario_exec x;
	struct hm_buf ans, svg;
	unsigned int i, frames = 0;
	char title[512];
	int ret;

	ret = scenario_begin(scn, &x, err);
	if (ret)
		return ret;
	hm_buf_init(&ans);
	hm_buf_init(&svg);
	if (html) {
		fprintf(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hotmem map: ");
		html_escape(out, scn->path);
		fprintf(out, "</title>\n<style>body{font-family:DejaVu Sans,sans-serif;margin:16px}"
			     ".frame{display:none}.frame.cur{display:block}button{font-size:14px;"
			     "margin-right:6px}#where{margin-left:10px;font-weight:bold}"
			     "</style></head><body>\n<h2>hotmem map: ");
		html_escape(out, scn->path);
		fprintf(out, "</h2>\n<p><code>machine ");
		html_escape(out, scn->machine);
		fprintf(out, "</code></p>\n<div><button id=\"prev\">&#9664; previous</button>"
			     "<button id=\"next\">next &#9654;</button><span id=\"where\"></span>"
			     "</div>\n");
	}
	for (i = 0; i < scn->nr_steps; i++) {
		scenario_sync_before(&x, i);
		hm_buf_reset(&ans);
		if (scenario_step(&x, i, &ans) == 2) {
			hm_buf_append(err, hm_buf_str(&ans), ans.len);
			ret = -EUCLEAN;
			break;
		}
		if (html && scn->steps[i].verb == STEP_DUMP) {
			snprintf(title, sizeof(title), "dump %s (line %u)", scn->steps[i].rest,
				 scn->steps[i].line);
			hm_buf_reset(&svg);
			map_svg(x.m, title, &svg);
			fprintf(out, "<div class=\"frame\" data-title=\"");
			html_escape(out, title);
			fprintf(out, "\">\n%s</div>\n", hm_buf_str(&svg));
			frames++;
		}
	}
	if (!ret) {
		machine_guest_sync(x.m);
		snprintf(title, sizeof(title), "%s: the end", scn->path);
		hm_buf_reset(&svg);
		map_svg(x.m, title, &svg);
		if (html)
			fprintf(out, "<div class=\"frame\" data-title=\"the end of the scenario\">\n"
				     "%s</div>\n", hm_buf_str(&svg));
		else
			fputs(hm_buf_str(&svg), out);
		frames++;
	}
	if (html)
		fprintf(out, "<script>\nvar f=document.querySelectorAll('.frame'),i=0;\n"
			     "function show(k){if(k<0||k>=f.length)return;f[i].classList.remove('cur');"
			     "i=k;f[i].classList.add('cur');document.getElementById('where')."
			     "textContent=(i+1)+' / '+f.length+': '+f[i].dataset.title;"
			     "location.hash=String(i+1);}\n"
			     "document.getElementById('prev').onclick=function(){show(i-1)};\n"
			     "document.getElementById('next').onclick=function(){show(i+1)};\n"
			     "document.onkeydown=function(e){if(e.key=='ArrowLeft')show(i-1);"
			     "if(e.key=='ArrowRight')show(i+1)};\n"
			     "f[0].classList.add('cur');show(Math.min(f.length,"
			     "Math.max(1,parseInt(location.hash.slice(1))||1))-1);\n"
			     "</script>\n</body></html>\n");
	(void)frames;
	hm_buf_free(&ans);
	hm_buf_free(&svg);
	if (scenario_end(&x) && !ret)
		ret = -EUCLEAN;
	return ret;
}
