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

/**
 * INIT_LIST_HEAD() - make a head an empty list
 * @head: the head
 */
static inline void INIT_LIST_HEAD(struct list_head *head)
{
	head->next = head;
	head->prev = head;
}

/**
 * list_empty() - whether a list has no entry
 * @head: the list's head
 *
 * Return: true if it is empty.
 */
static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/**
 * __list_link() - link an entry between two neighbours
 * @entry: the entry, not on a list
 * @prev: the one before it
 * @next: the one after it (@prev->next)
 */
static inline void __list_link(struct list_head *entry, struct list_head *prev,
			       struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/**
 * list_add() - add an entry at the front of a list
 * @entry: the entry, not on a list
 * @head: the list's head: @entry goes right after it
 */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_link(entry, head, head->next);
}

/**
 * list_add_tail() - add an entry at the back of a list
 * @entry: the entry, not on a list
 * @head: the list's head: @entry goes right before it
 */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_link(entry, head->prev, head);
}

/**
 * list_replace() - put an entry where another is on its list
 * @old: the entry replaced; its pointers are left dangling
 * @entry: the new entry, not on a list
 */
static inline void list_replace(struct list_head *old, struct list_head *entry)
{
	__list_link(entry, old->prev, old->next);
}

/**
 * list_del() - unlink an entry from its list
 * @entry: the entry; its pointers are left dangling on purpose (a second
 *	list_del() is a bug)
 */
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
}

#endif /* HOTMEM_LIST_H */
