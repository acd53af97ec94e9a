// SPDX-License-Identifier: GPL-2.0
/*
 * test_nd_driver.c - the driver core's files on the nd and dax buses
 * (src/drivers/nd_driver.c through src/kernel/bus.c): which driver matches
 * which device, the errnos of bind, unbind, new_id, remove_id and
 * drivers_probe, and that a refused write changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/nvdimm.h"
#include "hotmem/sysfs.h"

#define NV_MACHINE "-machine pc,nvdimm=on -m 1G,slots=4,maxmem=8G -smp 1 " \
	"-object memory-backend-ram,id=nvm,size=1075838976 " \
	"-device nvdimm,id=nv0,memdev=nvm,label-size=128K"

#define DAX "/sys/bus/dax/drivers/"
#define ND "/sys/bus/nd/drivers/"

/* namespace0.0 as devdax, dax0.0 bound to device_dax */
static struct dax_dev *devdax(struct fx *fx)
{
	struct nd_namespace *ns;

	fx_machine(fx, NV_MACHINE, NULL);
	assert_int_equal(machine_guest_sync(fx->m), 0);
	ns = nd_namespace_find(fx->sys, "namespace0.0");
	assert_non_null(ns);
	assert_int_equal(nd_namespace_disable(fx->sys, ns), 0);
	assert_int_equal(nd_namespace_set_mode(fx->sys, ns, ND_MODE_DEVDAX, ND_MAP_DEV, 2UL << 20), 0);
	assert_int_equal(nd_namespace_enable(fx->sys, ns), 0);
	assert_non_null(dax_dev_find(fx->sys, "dax0.0"));
	return dax_dev_find(fx->sys, "dax0.0");
}

static void dax_bind_unbind_errnos(void **state)
{
	struct fx *fx = *state;
	struct dax_dev *dax = devdax(fx);
	struct hm_system *sys = fx->sys;

	assert_int_equal(dax->driver, DAX_DRV_DEVICE);
	/* kmem matches only the ids it was given */
	assert_int_equal(fx_write(sys, DAX "kmem/bind", "dax0.0"), -ENODEV);
	/* bound already */
	assert_int_equal(fx_write(sys, DAX "device_dax/bind", "dax0.0\n"), -EBUSY);
	/* not held by this driver; no such device; two newlines are not one */
	assert_int_equal(fx_write(sys, DAX "kmem/unbind", "dax0.0"), -ENODEV);
	assert_int_equal(fx_write(sys, DAX "device_dax/unbind", "dax9.9"), -ENODEV);
	assert_int_equal(fx_write(sys, DAX "device_dax/unbind", "dax0.0\n\n"), -ENODEV);
	assert_int_equal(dax->driver, DAX_DRV_DEVICE);
	/* unbind, then drivers_probe: device_dax matches always */
	assert_int_equal(fx_write(sys, DAX "device_dax/unbind", "dax0.0\n"), 0);
	assert_int_equal(dax->driver, DAX_DRV_NONE);
	assert_null(dax->res);
	assert_int_equal(fx_write(sys, DAX "device_dax/unbind", "dax0.0"), -ENODEV);
	assert_int_equal(fx_write(sys, "/sys/bus/dax/drivers_probe", "dax9.9"), -ENODEV);
	assert_int_equal(fx_write(sys, "/sys/bus/dax/drivers_probe", "dax0.0"), 0);
	assert_int_equal(dax->driver, DAX_DRV_DEVICE);
	/* drivers_probe of a bound device: nothing to do */
	assert_int_equal(fx_write(sys, "/sys/bus/dax/drivers_probe", "dax0.0"), 0);
	assert_int_equal(dax->driver, DAX_DRV_DEVICE);
}

static void dax_new_id_attaches_kmem(void **state)
{
	struct fx *fx = *state;
	struct dax_dev *dax = devdax(fx);
	struct hm_system *sys = fx->sys;

	/* do_id_store's format: "dax%d.%d" and nothing else */
	assert_int_equal(fx_write(sys, DAX "kmem/new_id", "dax0"), -EINVAL);
	assert_int_equal(fx_write(sys, DAX "kmem/new_id", "dax0.0x"), -EINVAL);
	assert_int_equal(fx_write(sys, DAX "kmem/new_id", "dax00.0"), -EINVAL);
	/* any well-formed name is taken, device or not; a bound device stays bound */
	assert_int_equal(fx_write(sys, DAX "kmem/new_id", "dax3.4"), 0);
	assert_int_equal(fx_write(sys, DAX "kmem/new_id", "dax0.0"), 0);
	assert_int_equal(dax->driver, DAX_DRV_DEVICE);
	/* daxctl's way: remove_id and unbind from device_dax, new_id to kmem attaches */
	assert_int_equal(fx_write(sys, DAX "device_dax/remove_id", "dax0.0"), 0);
	assert_int_equal(fx_write(sys, DAX "device_dax/unbind", "dax0.0"), 0);
	assert_int_equal(fx_write(sys, DAX "kmem/new_id", "dax0.0\n"), 0);
	assert_int_equal(dax->driver, DAX_DRV_KMEM);
	assert_int_equal(dax->kmem_start, SZ_4G + SZ_128M);
	assert_int_equal(fx_write(sys, DAX "kmem/bind", "dax0.0"), -EBUSY);
	/* an online block keeps kmem bound (the model's refusal: see nd_driver.c) */
	assert_int_equal(fx_block_write(sys, 33, "state", "online_movable"), 0);
	assert_int_equal(fx_write(sys, DAX "kmem/unbind", "dax0.0"), -EBUSY);
	assert_int_equal(dax->driver, DAX_DRV_KMEM);
	assert_int_equal(fx_block_write(sys, 33, "state", "offline"), 0);
	assert_int_equal(fx_write(sys, DAX "kmem/unbind", "dax0.0"), 0);
	assert_int_equal(dax->driver, DAX_DRV_NONE);
	/* with kmem's id gone, drivers_probe gives it back to device_dax */
	assert_int_equal(fx_write(sys, DAX "kmem/remove_id", "dax0.0"), 0);
	assert_int_equal(fx_write(sys, DAX "kmem/remove_id", "dax0.0"), 0);
	assert_int_equal(fx_write(sys, "/sys/bus/dax/drivers_probe", "dax0.0"), 0);
	assert_int_equal(dax->driver, DAX_DRV_DEVICE);
}

static void nd_region_and_namespace(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct nd_region *region;
	struct nd_namespace *ns;

	fx_machine(fx, NV_MACHINE, NULL);
	assert_int_equal(machine_guest_sync(fx->m), 0);
	sys = fx->sys;
	region = nd_region_find(sys, "region0");
	ns = nd_namespace_find(sys, "namespace0.0");
	assert_true(ns->enabled);
	/* nvdimm_bus_match: a region for nd_region only, a namespace for nd_pmem only */
	assert_int_equal(fx_write(sys, ND "nd_pmem/bind", "region0"), -ENODEV);
	assert_int_equal(fx_write(sys, ND "nd_region/bind", "namespace0.0"), -ENODEV);
	assert_int_equal(fx_write(sys, ND "nd_region/bind", "region0"), -EBUSY);
	assert_int_equal(fx_write(sys, ND "nd_pmem/bind", "namespace0.0"), -EBUSY);
	assert_int_equal(fx_write(sys, ND "dax_pmem/unbind", "namespace0.0"), -ENODEV);
	/* the namespace: unbind and bind with nd_pmem */
	assert_int_equal(fx_write(sys, ND "nd_pmem/unbind", "namespace0.0"), 0);
	assert_false(ns->enabled);
	assert_int_equal(fx_write(sys, ND "nd_pmem/unbind", "namespace0.0"), -ENODEV);
	assert_int_equal(fx_write(sys, "/sys/bus/nd/drivers_probe", "namespace0.0"), 0);
	assert_true(ns->enabled);
	/* the region: its namespaces go with it */
	assert_int_equal(fx_write(sys, ND "nd_region/unbind", "region0"), 0);
	assert_false(region->enabled);
	assert_null(nd_namespace_find(sys, "namespace0.0"));
	assert_int_equal(fx_write(sys, ND "nd_region/unbind", "region0"), -ENODEV);
	assert_int_equal(fx_write(sys, ND "nd_region/bind", "region0\n"), 0);
	assert_true(region->enabled);
	assert_non_null(nd_namespace_find(sys, "namespace0.0"));
}

/* nvdimm: bound from boot; a region with labels needs it bound (init_active_labels) */
static void nd_dimm_unbound(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct nd_region *region;

	fx_machine(fx, NV_MACHINE, NULL);
	assert_int_equal(machine_guest_sync(fx->m), 0);
	sys = fx->sys;
	region = nd_region_find(sys, "region0");
	assert_int_equal(fx_write(sys, ND "nvdimm/bind", "nmem0"), -EBUSY);
	assert_int_equal(fx_write(sys, ND "nd_region/bind", "nmem0"), -ENODEV);
	assert_int_equal(fx_write(sys, ND "nvdimm/unbind", "nmem1"), -ENODEV);
	assert_int_equal(fx_write(sys, ND "nvdimm/unbind", "nmem0"), 0);
	assert_int_equal(fx_write(sys, ND "nvdimm/unbind", "nmem0"), -ENODEV);
	/* label-less: the region does without the DIMM */
	assert_int_equal(fx_write(sys, ND "nd_region/unbind", "region0"), 0);
	assert_int_equal(fx_write(sys, ND "nd_region/bind", "region0"), 0);
	/* with labels it fails its probe */
	assert_int_equal(fx_write(sys, ND "nd_region/unbind", "region0"), 0);
	assert_int_equal(nvdimm_init_labels(sys, region->dimm), 0);
	assert_int_equal(fx_write(sys, ND "nd_region/bind", "region0"), -ENXIO);
	assert_false(region->enabled);
	assert_int_equal(fx_write(sys, "/sys/bus/nd/drivers_probe", "nmem0"), 0);
	assert_int_equal(fx_write(sys, ND "nd_region/bind", "region0"), 0);
	assert_true(region->enabled);
}

#define NDBUS "../../../devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00/ndbus0"
#define REGION "/sys/bus/nd/devices/region0/"

static void assert_link(struct hm_system *sys, const char *path, const char *target)
{
	struct sysfs_stat st;

	assert_int_equal(sysfs_stat(sys, path, &st), 0);
	assert_int_equal(st.kind, SYSFS_LINK);
	assert_string_equal(st.target, target);
}

/*
 * libnvdimm's tree: nd devices linked from /sys/bus/nd into /sys/devices,
 * the seeds a region makes, a seed claiming a namespace and the next seed
 * made, the drivers' links, a claim bound and unbound by its own name.
 */
static void nd_tree_seeds_and_claims(void **state)
{
	struct fx *fx = *state;
	struct sysfs_stat st;
	struct hm_system *sys;
	struct nd_namespace *ns;

	fx_machine(fx, NV_MACHINE, NULL);
	assert_int_equal(machine_guest_sync(fx->m), 0);
	sys = fx->sys;
	assert_link(sys, "/sys/bus/nd/devices/namespace0.0", NDBUS "/region0/namespace0.0");
	assert_link(sys, "/sys/bus/nd/devices/ndbus0", NDBUS);
	assert_link(sys, ND "nvdimm/nmem0", "../" NDBUS "/nmem0");
	assert_link(sys, ND "nd_pmem/namespace0.0", "../" NDBUS "/region0/namespace0.0");
	assert_sysfs(sys, REGION "btt_seed", "btt0.0\n");
	assert_sysfs(sys, REGION "pfn_seed", "pfn0.0\n");
	assert_sysfs(sys, REGION "dax_seed", "dax0.0\n");
	assert_sysfs(sys, REGION "namespace0.0/devtype", "nd_namespace_io\n");
	assert_sysfs(sys, REGION "namespace0.0/block/pmem0/dev", "259:0\n");
	assert_sysfs(sys, REGION "dax0.0/mode", "none\n");
	assert_int_equal(sysfs_read(sys, REGION "dax0.0/size", &(struct hm_buf){ 0 }), -ENXIO);
	/* dotted names: two numbers, no leading zero, nothing behind */
	assert_int_equal(sysfs_stat(sys, "/sys/bus/nd/devices/dax0.1", &st), -ENOENT);
	assert_int_equal(sysfs_stat(sys, "/sys/bus/nd/devices/dax0.00", &st), -ENOENT);
	assert_int_equal(sysfs_stat(sys, "/sys/bus/nd/devices/dax0.0x", &st), -ENOENT);
	assert_int_equal(sysfs_stat(sys, "/sys/bus/nd/devices/dax0", &st), -ENOENT);

	/* devdax: the seed dax0.0 claims namespace0.0, dax0.1 is the next seed */
	ns = nd_namespace_find(sys, "namespace0.0");
	assert_int_equal(nd_namespace_disable(sys, ns), 0);
	assert_int_equal(sysfs_stat(sys, ND "nd_pmem/namespace0.0", &st), -ENOENT);
	assert_int_equal(nd_namespace_set_mode(sys, ns, ND_MODE_DEVDAX, ND_MAP_DEV, 2UL << 20), 0);
	assert_int_equal(nd_namespace_enable(sys, ns), 0);
	assert_sysfs(sys, REGION "dax_seed", "dax0.1\n");
	assert_sysfs(sys, REGION "namespace0.0/holder", "dax0.0\n");
	assert_sysfs(sys, REGION "dax0.0/namespace", "namespace0.0\n");
	assert_sysfs(sys, REGION "dax0.0/mode", "pmem\n");
	assert_sysfs(sys, REGION "dax0.0/dax_region/id", "0\n");
	assert_sysfs(sys, REGION "dax0.1/namespace", "\n");
	assert_int_equal(sysfs_stat(sys, REGION "dax0.1/dax_region", &st), -ENOENT);
	assert_link(sys, ND "dax_pmem/dax0.0", "../" NDBUS "/region0/dax0.0");
	assert_link(sys, "/sys/bus/dax/devices/dax0.0", NDBUS "/region0/dax0.0/dax0.0");
	assert_sysfs(sys, "/sys/bus/dax/drivers/device_dax/dax0.0/dev", "252:0\n");
	/* the claim binds and unbinds by its own name; the seed binds to nothing */
	assert_int_equal(fx_write(sys, ND "dax_pmem/bind", "dax0.1"), -ENODEV);
	assert_int_equal(fx_write(sys, ND "dax_pmem/unbind", "dax0.0"), 0);
	assert_false(ns->enabled);
	assert_int_equal(sysfs_stat(sys, "/sys/bus/dax/devices/dax0.0", &st), -ENOENT);
	assert_int_equal(sysfs_stat(sys, ND "dax_pmem/dax0.0", &st), -ENOENT);
	assert_sysfs(sys, REGION "dax0.0/namespace", "namespace0.0\n");
	assert_int_equal(fx_write(sys, ND "dax_pmem/bind", "dax0.0"), 0);
	assert_true(ns->enabled);
	/* back to raw: the claim goes, the seed stays */
	assert_int_equal(nd_namespace_disable(sys, ns), 0);
	assert_int_equal(nd_namespace_set_mode(sys, ns, ND_MODE_RAW, ND_MAP_DEV, 0), 0);
	assert_int_equal(sysfs_stat(sys, "/sys/bus/nd/devices/dax0.0", &st), -ENOENT);
	assert_link(sys, "/sys/bus/nd/devices/dax0.1", NDBUS "/region0/dax0.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(dax_bind_unbind_errnos, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(dax_new_id_attaches_kmem, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(nd_region_and_namespace, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(nd_dimm_unbound, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(nd_tree_seeds_and_claims, fx_setup_empty,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
