/* SPDX-License-Identifier: GPL-2.0 */
/*
 * list.h - a circular doubly linked list with a sentinel head, linked
 * through a struct list_head embedded in each entry (the shape of the
 * kernel's include/linux/list.h, written for what hotmem needs: the buddy
 * allocator's free lists).
 */
#ifndef HOTMEM_LIST_H
#define HOTMEM_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_head {
	struct list_head *next, *prev;
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

static inline void INIT_LIST_HEAD(struct list_head *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/* Links entry between two neighbours. */
static inline void __list_link(struct list_head *entry, struct list_head *prev,
			       struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/* Adds entry right after head (the front of the list). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_link(entry, head, head->next);
}

/* Adds entry right before head (the back of the list). */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_link(entry, head->prev, head);
}

/* Puts entry where old is on its list; old's pointers are left dangling. */
static inline void list_replace(struct list_head *old, struct list_head *entry)
{
	__list_link(entry, old->prev, old->next);
}

/* Unlinks entry; its pointers are left dangling on purpose. */
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
}

#endif /* HOTMEM_LIST_H */
