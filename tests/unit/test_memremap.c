// SPDX-License-Identifier: GPL-2.0
/*
 * test_memremap.c - unit tests for device memory: src/kernel/memremap.c,
 * the vmem_altmap accounting, src/drivers/nvdimm.c and src/drivers/dax.c.
 *
 * The tests that pin the design (2018-2019 rework of device memory):
 *  - memunmap_pages removes exactly what memremap_pages added, with a
 *    linear map (GENERIC, the memmap on the device through an altmap, and
 *    in RAM) and without one (device-private: nothing of the linear map
 *    ever exists for it): sections, memmap, linear map, iomem, memory
 *    blocks, memblock and the firmware map are as before; only the
 *    ZONE_DEVICE span stays, as the kernel keeps it;
 *  - releasing a range whose resource is a driver's busy claim that is
 *    not System RAM backs off and leaves it (with the control: System RAM
 *    below a non-busy device resource is released);
 *  - hot-removing kmem memory does no zone work: every zone's span,
 *    present and managed pages are the same before and after (the work
 *    was done at offline), and it refuses with -EBUSY while a block is
 *    online, changing nothing.
 *
 *   memremap_pages(range, altmap)          altmap of a 1 GiB map=dev pgmap
 *   [sections+memmap | linear map]         base .. +2 reserve .. +4606 free
 *   ZONE_DEVICE span grows, never shrinks  8 PMDs: alloc 4096, align 510
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/nvdimm.h"

#define NV_MACHINE "-machine pc,nvdimm=on -m 1G,slots=4,maxmem=8G -smp 1 " \
	"-object memory-backend-ram,id=nvm,size=1073872896 " \
	"-device nvdimm,id=nv0,memdev=nvm,label-size=128K"

/* What hot-add and device memory may touch, as text, to compare before/after. */
static void snapshot(struct hm_system *sys, struct hm_buf *b, bool with_zones)
{
	const struct firmware_map_entry *e;
	struct memory_block *mem;
	unsigned long id, nr, i;

	hm_buf_reset(b);
	hm_buf_printf(b, "memmap sections %lu\n", sys->sparse.nr_memmap_sections);
	for_each_present_section_nr(sys, nr)
		hm_buf_printf(b, "section %lu flags %#lx map %#llx\n", nr,
			      __nr_to_section(sys, nr)->flags,
			      (unsigned long long)__nr_to_section(sys, nr)->usage->subsection_map);
	for (i = 0; i < sys->direct_map.nr; i++)
		hm_buf_printf(b, "linear %#llx-%#llx\n", (unsigned long long)sys->direct_map.r[i][0],
			      (unsigned long long)sys->direct_map.r[i][1]);
	for_each_memory_block(sys, id, mem)
		hm_buf_printf(b, "block %lu\n", id);
	for (i = 0; i < sys->memblock.memory.cnt; i++)
		hm_buf_printf(b, "memblock %#llx+%#llx\n",
			      (unsigned long long)sys->memblock.memory.regions[i].base,
			      (unsigned long long)sys->memblock.memory.regions[i].size);
	for (e = sys->fwmap.entries; e; e = e->next)
		hm_buf_printf(b, "fwmap %#llx-%#llx\n", (unsigned long long)e->start,
			      (unsigned long long)e->end);
	resource_print_iomem(&sys->iomem_resource, b);
	if (with_zones) {
		int nid, zid;

		for (nid = 0; nid < MAX_NUMNODES; nid++) {
			struct pglist_data *pgdat = NODE_DATA(sys, nid);

			for (zid = 0; pgdat && zid < MAX_NR_ZONES; zid++) {
				struct zone *z = &pgdat->node_zones[zid];

				hm_buf_printf(b, "zone %d %d: %lu+%lu present %lu managed %lu\n", nid,
					      zid, z->zone_start_pfn, z->spanned_pages,
					      z->present_pages, z->managed_pages);
			}
		}
	}
}

static void assert_same(struct hm_buf *a, struct hm_buf *b)
{
	if (strcmp(hm_buf_str(a), hm_buf_str(b)))
		print_error("before:\n%s\nafter:\n%s\n", hm_buf_str(a), hm_buf_str(b));
	assert_string_equal(hm_buf_str(a), hm_buf_str(b));
}

/* A device range at 4 GiB, claimed as a driver would (busy, not System RAM). */
static struct resource *claim(struct hm_system *sys, uint64_t start, uint64_t size)
{
	struct resource *res = NULL;

	assert_int_equal(request_region(&sys->alloc, &sys->iomem_resource, start, size, "dev",
					IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_NONE, &res), 0);
	return res;
}

static void pgmap_init(struct dev_pagemap *p, enum memory_type type, uint64_t start, uint64_t size)
{
	memset(p, 0, sizeof(*p));
	p->type = type;
	p->start = start;
	p->end = start + size - 1;
}

static void memremap_pages_altmap_add_remove_exact(void **state)
{
	struct hm_system *sys = ((struct fx *)*state)->sys;
	struct zone *dev = fx_zone(sys, 0, ZONE_DEVICE);
	struct hm_buf before, after;
	struct dev_pagemap p;
	struct resource *res;
	struct page *page;

	hm_buf_init(&before);
	hm_buf_init(&after);
	res = claim(sys, SZ_4G, 1ULL << 30);
	snapshot(sys, &before, false);

	pgmap_init(&p, MEMORY_DEVICE_GENERIC, SZ_4G, 1ULL << 30);
	p.altmap.base_pfn = HOTPLUG_PFN;
	p.altmap.reserve = 2;
	p.altmap.free = 4606;		/* an 18 MiB info block + memmap, as nd_pfn_init */
	p.flags = PGMAP_ALTMAP_VALID;
	assert_int_equal(memremap_pages(sys, &p, 0), 0);
	/* eight PMD-sized memmaps from the device, the first aligned past the reserve */
	assert_int_equal(p.altmap.alloc, 8 * 512);
	assert_int_equal(p.altmap.align, 510);
	assert_true(arch_range_is_mapped(sys, SZ_4G, SZ_4G + (1ULL << 30)));
	assert_true(pfn_valid(sys, HOTPLUG_PFN));
	assert_null(pfn_to_online_page(sys, HOTPLUG_PFN + 5000));
	assert_int_equal(dev->spanned_pages, 262144);
	assert_int_equal(dev->present_pages, 0);
	assert_ptr_equal(get_dev_pagemap(sys, HOTPLUG_PFN + 100), &p);
	assert_int_equal(p.ref, 262144 - 4608);
	assert_verify_clean(sys);
	/* every data page points at the pgmap (compact: one template a section) */
	page = (struct page *)pfn_page_peek(sys, HOTPLUG_PFN + 3 * PAGES_PER_SECTION);
	assert_ptr_equal(page->mapping, &p);
	page->mapping = NULL;
	hm_buf_reset(&after);
	assert_int_equal(verify_system(sys, &after), 1);
	assert_non_null(strstr(hm_buf_str(&after), "page->pgmap (nil) is not this pgmap"));
	page->mapping = &p;
	assert_verify_clean(sys);

	memunmap_pages(sys, &p);
	assert_int_equal(p.altmap.alloc, 0);
	assert_int_equal(p.ref, 0);
	snapshot(sys, &after, false);
	assert_same(&before, &after);
	/* the span stays: ZONE_DEVICE never shrinks */
	assert_int_equal(dev->spanned_pages, 262144);
	assert_int_equal(sys->log.warnings, 0);
	release_region(&sys->alloc, res);
	hm_buf_free(&before);
	hm_buf_free(&after);
}

static void memremap_pages_memmap_in_ram_subsection(void **state)
{
	struct hm_system *sys = ((struct fx *)*state)->sys;
	struct hm_buf before, after;
	struct dev_pagemap p;
	struct resource *res;
	const uint64_t start = SZ_4G + (2ULL << 20), size = 6ULL << 20;	/* 3 subsections */

	hm_buf_init(&before);
	hm_buf_init(&after);
	res = claim(sys, start, size);
	snapshot(sys, &before, false);
	pgmap_init(&p, MEMORY_DEVICE_FS_DAX, start, size);
	assert_int_equal(memremap_pages(sys, &p, 0), 0);
	assert_int_equal(__pfn_to_section(sys, HOTPLUG_PFN)->usage->subsection_map, 0xeULL);
	assert_true(__pfn_to_section(sys, HOTPLUG_PFN)->flags & SECTION_TAINT_ZONE_DEVICE);
	assert_verify_clean(sys);
	memunmap_pages(sys, &p);
	snapshot(sys, &after, false);
	assert_same(&before, &after);
	release_region(&sys->alloc, res);
	hm_buf_free(&before);
	hm_buf_free(&after);
}

static void memremap_pages_private_never_mapped(void **state)
{
	struct hm_system *sys = ((struct fx *)*state)->sys;
	/* high in the space (qemu64: 40 physical address bits, iomem ends at 1 TiB) */
	const uint64_t start = 1ULL << 39, size = 256ULL << 20;
	struct hm_buf before, after;
	struct dev_pagemap p;
	struct resource *res;
	unsigned long pfn;

	hm_buf_init(&before);
	hm_buf_init(&after);
	res = claim(sys, start, size);
	snapshot(sys, &before, false);
	pgmap_init(&p, MEMORY_DEVICE_PRIVATE, start, size);
	assert_int_equal(memremap_pages(sys, &p, 0), -EINVAL);	/* no ops, no owner */
	p.ops.page_free = p.ops.migrate_to_ram = true;
	p.owner = &p;
	assert_int_equal(memremap_pages(sys, &p, 0), 0);
	assert_false(arch_range_is_mapped(sys, start, start + 1));
	assert_false(arch_range_is_mapped(sys, start + size - 1, start + size));
	for (pfn = PHYS_PFN(start); pfn < PHYS_PFN(start + size); pfn += 4096)
		assert_int_equal(pfn_to_page(sys, pfn)->refcount, 0);	/* free at start */
	assert_int_equal(p.ref, 0);
	assert_verify_clean(sys);
	memunmap_pages(sys, &p);
	snapshot(sys, &after, false);
	assert_same(&before, &after);
	release_region(&sys->alloc, res);
	hm_buf_free(&before);
	hm_buf_free(&after);
}

static void memremap_pages_refusals_change_nothing(void **state)
{
	struct hm_system *sys = ((struct fx *)*state)->sys;
	struct hm_buf before, after;
	struct dev_pagemap p, q;
	struct resource *res;

	hm_buf_init(&before);
	hm_buf_init(&after);
	snapshot(sys, &before, true);
	pgmap_init(&p, MEMORY_DEVICE_GENERIC, 256ULL << 20, 128ULL << 20);	/* boot RAM */
	assert_int_equal(memremap_pages(sys, &p, 0), -ENXIO);
	pgmap_init(&p, MEMORY_DEVICE_GENERIC, SZ_4G + 4096, 128ULL << 20);	/* unaligned */
	assert_int_equal(memremap_pages(sys, &p, 0), -EINVAL);
	pgmap_init(&p, (enum memory_type)0, SZ_4G, 128ULL << 20);
	assert_int_equal(memremap_pages(sys, &p, 0), -EINVAL);
	snapshot(sys, &after, true);
	assert_same(&before, &after);

	res = claim(sys, SZ_4G, SZ_256M);
	pgmap_init(&p, MEMORY_DEVICE_GENERIC, SZ_4G, SZ_128M);
	assert_int_equal(memremap_pages(sys, &p, 0), 0);
	pgmap_init(&q, MEMORY_DEVICE_GENERIC, SZ_4G + SZ_128M - (2ULL << 20), SZ_128M);
	assert_int_equal(memremap_pages(sys, &q, 0), -ENOMEM);	/* conflicting pgmap */
	assert_int_equal(memremap_nr_pgmaps(sys), 1);
	memunmap_pages(sys, &p);
	release_region(&sys->alloc, res);
	hm_buf_free(&before);
	hm_buf_free(&after);
}

static void vmem_altmap_accounting(void **state)
{
	struct vmem_altmap a = { .base_pfn = 0x100000, .reserve = 2, .free = 1024 };
	unsigned long pfn = 0;

	(void)state;
	assert_int_equal(vmem_altmap_offset(&a), 1026);
	assert_int_equal(vmem_altmap_alloc(&a, 512, &pfn), 0);
	assert_int_equal(pfn, 0x100000 + 512);		/* natural alignment */
	assert_int_equal(a.align, 510);
	assert_int_equal(vmem_altmap_nr_free(&a), 2);
	assert_int_equal(vmem_altmap_alloc(&a, 512, NULL), -ENOMEM);
	assert_int_equal(a.alloc, 512);			/* unchanged on failure */
	assert_int_equal(vmem_altmap_alloc(&a, 1, &pfn), 0);
	assert_int_equal(pfn, 0x100000 + 1024);
	assert_int_equal(vmem_altmap_free(&a, 1000), -EINVAL);
	assert_int_equal(vmem_altmap_free(&a, 513), 0);
	assert_int_equal(a.alloc, 0);
	assert_int_equal(a.align, 510);			/* never given back */
	assert_int_equal(vmem_altmap_alloc(&a, 0, NULL), -EINVAL);
}

static void release_mem_region_adjustable_backs_off_non_sysram(void **state)
{
	struct hm_system *sys = ((struct fx *)*state)->sys;
	struct resource *pm, *ns = NULL, *dax = NULL, *ram = NULL;

	pm = resource_alloc(&sys->alloc, SZ_4G, SZ_4G + (1ULL << 30) - 1, "Persistent Memory",
			    IORESOURCE_MEM, IORES_DESC_PERSISTENT_MEMORY);
	assert_non_null(pm);
	assert_int_equal(insert_resource(&sys->iomem_resource, pm), 0);
	assert_int_equal(request_region(&sys->alloc, &sys->iomem_resource, SZ_4G, SZ_128M,
					"namespace0.0", IORESOURCE_MEM | IORESOURCE_BUSY, 0, &ns), 0);
	assert_ptr_equal(ns->parent, pm);
	/* a driver's busy claim is not System RAM: back off, leave it whole */
	release_mem_region_adjustable(&sys->alloc, &sys->iomem_resource, SZ_4G, SZ_128M);
	assert_ptr_equal(resource_lookup(&sys->iomem_resource, SZ_4G), ns);
	assert_int_equal(ns->end, SZ_4G + SZ_128M - 1);
	release_mem_region_adjustable(&sys->alloc, &sys->iomem_resource, SZ_4G, 2ULL << 20);
	assert_int_equal(ns->start, SZ_4G);

	/* the control: kmem's layout, System RAM below a non-busy "dax0.0" */
	assert_int_equal(request_region(&sys->alloc, &sys->iomem_resource, SZ_4G + SZ_256M,
					SZ_256M, "dax0.0", IORESOURCE_SYSTEM_RAM, 0, &dax), 0);
	assert_int_equal(request_region(&sys->alloc, &sys->iomem_resource, SZ_4G + SZ_256M,
					SZ_256M, "System RAM (kmem)",
					IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0, &ram), 0);
	assert_ptr_equal(ram->parent, dax);
	release_mem_region_adjustable(&sys->alloc, &sys->iomem_resource, SZ_4G + SZ_256M,
				      SZ_128M);
	assert_int_equal(ram->start, SZ_4G + SZ_256M + SZ_128M);
	release_mem_region_adjustable(&sys->alloc, &sys->iomem_resource, SZ_4G + SZ_256M + SZ_128M,
				      SZ_128M);
	assert_null(dax->child);
	release_region(&sys->alloc, dax);
	release_region(&sys->alloc, ns);
	release_region(&sys->alloc, pm);
}

/* The NVDIMM machine: namespace0.0 as devdax, its dax device bound to kmem. */
static struct dax_dev *kmem_setup(struct fx *fx)
{
	struct nd_namespace *ns;
	struct dax_dev *dax;

	fx_machine(fx, NV_MACHINE, NULL);
	assert_int_equal(machine_guest_sync(fx->m), 0);
	ns = nd_namespace_find(fx->sys, "namespace0.0");
	assert_non_null(ns);
	assert_int_equal(nd_namespace_disable(fx->sys, ns), 0);
	assert_int_equal(nd_namespace_set_mode(fx->sys, ns, ND_MODE_DEVDAX, ND_MAP_DEV, 2UL << 20), 0);
	assert_int_equal(nd_namespace_enable(fx->sys, ns), 0);
	dax = dax_dev_find(fx->sys, "dax0.0");
	assert_non_null(dax);
	assert_int_equal(dax->start, SZ_4G + (18ULL << 20));
	assert_int_equal(dax_unbind(fx->sys, dax), 0);
	assert_int_equal(dax_bind_kmem(fx->sys, dax), 0);
	assert_int_equal(dax->kmem_start, SZ_4G + SZ_128M);
	assert_int_equal(dax->kmem_size, 7 * SZ_128M);
	return dax;
}

static void dev_dax_kmem_remove_no_zone_work(void **state)
{
	struct fx *fx = *state;
	struct hm_buf before, after;
	struct dax_dev *dax = kmem_setup(fx);
	struct hm_system *sys = fx->sys;
	unsigned long id;

	hm_buf_init(&before);
	hm_buf_init(&after);
	for (id = 33; id <= 39; id++)
		assert_int_equal(fx_block_write(sys, id, "state", "online_movable"), 0);
	assert_int_equal(fx_block_write(sys, 36, "state", "offline"), 0);

	/* a block online: refused, nothing changes */
	snapshot(sys, &before, true);
	assert_int_equal(dax_unbind(sys, dax), -EBUSY);
	assert_int_equal(dax->driver, DAX_DRV_KMEM);
	snapshot(sys, &after, true);
	assert_same(&before, &after);

	for (id = 33; id <= 39; id++)
		if (id != 36)
			assert_int_equal(fx_block_write(sys, id, "state", "offline"), 0);
	snapshot(sys, &before, true);
	assert_int_equal(dax_unbind(sys, dax), 0);
	/* zones: exactly as after the offline (the span shrank then, not now) */
	{
		char *zb = strstr(hm_buf_str(&before), "zone "), *za;

		snapshot(sys, &after, true);
		za = strstr(hm_buf_str(&after), "zone ");
		assert_non_null(zb);
		assert_non_null(za);
		assert_string_equal(zb, za);
	}
	assert_null(strstr(hm_buf_str(&after), "block 33"));
	assert_null(strstr(hm_buf_str(&after), "System RAM (kmem)"));
	assert_null(strstr(hm_buf_str(&after), "dax0.0"));
	/* and back to device_dax: a live pgmap again */
	assert_int_equal(dax_bind_device_dax(sys, dax), 0);
	assert_true(dax->ns->pgmap.live);
	hm_buf_free(&before);
	hm_buf_free(&after);
}

static void nd_pfn_info_block_layouts(void **state)
{
	struct fx *fx = *state;
	struct nd_namespace *ns;

	fx_machine(fx, NV_MACHINE, NULL);
	assert_int_equal(machine_guest_sync(fx->m), 0);
	ns = nd_namespace_find(fx->sys, "namespace0.0");
	assert_non_null(ns);
	assert_true(ns->io);
	assert_int_equal(ns->size, 1ULL << 30);
	assert_int_equal(nd_namespace_set_mode(fx->sys, ns, ND_MODE_FSDAX, ND_MAP_DEV, 2UL << 20),
			 -EBUSY);	/* enabled */
	assert_int_equal(nd_namespace_disable(fx->sys, ns), 0);
	assert_int_equal(nd_namespace_set_mode(fx->sys, ns, ND_MODE_FSDAX, ND_MAP_MEM, 2UL << 20), 0);
	assert_int_equal(ns->ib.dataoff, 2ULL << 20);
	assert_int_equal(nd_namespace_set_mode(fx->sys, ns, ND_MODE_DEVDAX, ND_MAP_DEV, 4096), 0);
	assert_int_equal(ns->ib.dataoff, 18ULL << 20);
	assert_int_equal(nd_namespace_set_mode(fx->sys, ns, ND_MODE_DEVDAX, ND_MAP_DEV, 1UL << 30),
			 -ENXIO);	/* a 1 GiB namespace cannot hold 1 GiB of data after its memmap */
	assert_int_equal(nd_namespace_set_mode(fx->sys, ns, ND_MODE_DEVDAX, ND_MAP_DEV, 8192),
			 -EINVAL);
	assert_int_equal(nd_namespace_enable(fx->sys, ns), 0);
	assert_int_equal(ns->pgmap.altmap.free, 4606);
	assert_int_equal(ns->pgmap.altmap.alloc + ns->pgmap.altmap.align, 4606);
	assert_verify_clean(fx->sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(memremap_pages_altmap_add_remove_exact,
						fx_setup_machine, fx_teardown),
		cmocka_unit_test_setup_teardown(memremap_pages_memmap_in_ram_subsection, fx_setup_machine,
						fx_teardown),
		cmocka_unit_test_setup_teardown(memremap_pages_private_never_mapped, fx_setup_machine,
						fx_teardown),
		cmocka_unit_test_setup_teardown(memremap_pages_refusals_change_nothing, fx_setup_machine,
						fx_teardown),
		cmocka_unit_test(vmem_altmap_accounting),
		cmocka_unit_test_setup_teardown(release_mem_region_adjustable_backs_off_non_sysram,
						fx_setup_machine, fx_teardown),
		cmocka_unit_test_setup_teardown(dev_dax_kmem_remove_no_zone_work, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(nd_pfn_info_block_layouts, fx_setup_empty,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
