// SPDX-License-Identifier: MIT
/*
 * One cache line handed back and forth between two threads pinned to CPUs 0
 * and 1: each waits for the other's value, then stores the next. Prints the
 * one-way handoff time (what a store to a line the other core has just read
 * costs, to within the load that sees it). Not part of the build:
 *     cc -O2 -pthread results/vm/chase/handoff.c -o /tmp/handoff && /tmp/handoff
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#define ROUNDS 2000000ul

static _Alignas(64) _Atomic unsigned long turn;

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void play(unsigned long first)
{
	for (unsigned long i = first; i < 2 * ROUNDS; i += 2) {
		/* acquire: pairs with the other thread's release store of i */
		while (atomic_load_explicit(&turn, memory_order_acquire) != i)
			;
		/* release: pairs with the other thread's acquire load above */
		atomic_store_explicit(&turn, i + 1, memory_order_release);
	}
}

static void *other(void *unused)
{
	(void)unused;
	pin(1);
	play(1);
	return NULL;
}

int main(void)
{
	struct timespec start, end;
	pthread_t thread;

	pin(0);
	pthread_create(&thread, NULL, other, NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	play(0);
	clock_gettime(CLOCK_MONOTONIC, &end);
	pthread_join(thread, NULL);
	printf("one-way handoff: %.1f ns\n",
	       ((end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec)) /
	           (2.0 * ROUNDS));
	return 0;
}
