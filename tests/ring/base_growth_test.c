/* SPDX-License-Identifier: MIT */
/*
 * Moving linear memory under producers, per base policy.
 *
 * The atomic base (the reference's) has the stale-base hazard: growth frees
 * the old block while producers may still write through the old base. Under
 * AddressSanitizer that is a heap-use-after-free report. The hazard cases run
 * in a child process (this binary, re-executed) and assert the child's ASan
 * report, so the suite stays green; outside the asan configuration they are
 * skipped (CTest reports them skipped, with the reason).
 *
 * Every RCU base, step by step: a move waits for a producer inside its
 * read-side section (and its write lands in the new block), and an enqueue
 * that meets a held base waits for the new one. Then three producers enqueue
 * through "sequenced" while the guest moves memory 120 times (heap blocks,
 * freed at once, so ASan sees any stale write): zero lost, stale or
 * duplicated ids, and no ASan report. Skipped without liburcu and under TSan
 * (liburcu's barriers are invisible to it).
 */
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mbx/mailbox.h>

#include "base.h"
#include "check.h"
#include "stress.h"

#define GROWTHS 120

static const char *self_path;

/*
 * Child: producers through the atomic base while the guest moves memory, up
 * to 10 runs of 300 moves; ASan ends it at the first stale write (one run
 * is nearly always enough: the corrected guest drains at most 256 slots a
 * pass, so moves come fast while the producers run).
 */
static int child_concurrent(void)
{
	struct mbx_stress_config config = {
	    .wake = MBX_WAKE_SPIN,
	    .guest = MBX_GUEST_CORRECTED,
	    .producers = 2,
	    .ids_per_producer = 1000000,
	    .growth = MBX_GROWTH_MOVING,
	    .grow_times = 300,
	};
	struct mbx_stress_report report;
	uint64_t moves = 0;

	CHECK_STATUS(mbx_variant_find("seed", &config.variant), MBX_OK);
	CHECK_STATUS(mbx_base_find("atomic", &config.base), MBX_OK);
	for (int run = 0; run < 10; run++) {
		mbx_stress_run(&config, &report);
		moves += report.growths_while_producing;
	}
	fprintf(stderr, "child: %llu moves under producers, no stale write caught\n",
	        (unsigned long long)moves);
	return 0;
}

/* Child: the reference's order, one thread: memory grows (old block freed), enqueue, refresh. */
static int child_in_order(void)
{
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;

	if (mbx_memory_create(&memory, 1, 2, MBX_GROWTH_MOVING) != MBX_OK ||
	    mbx_mailbox_attach(&mailbox, mbx_memory_base(memory), mbx_memory_size(memory), 0,
	                       NULL) != MBX_OK)
		return 3;
	mbx_memory_grow(memory, 1, NULL);
	mbx_enqueue(mailbox, 7); /* through the old base, into freed memory */
	mbx_mailbox_refresh_base(mailbox, mbx_memory_base(memory), mbx_memory_size(memory));
	fprintf(stderr, "child: enqueue after growth went unnoticed\n");
	return 0;
}

#if defined(MBX_ASAN_BUILD)
/* Runs this binary with mode; returns its exit status (-1: killed) and its stderr. */
static int run_child(const char *mode, char *err, size_t size)
{
	int pipefd[2], status = 0;
	size_t used = 0;
	ssize_t got;
	pid_t pid;

	if (pipe(pipefd) != 0)
		return -2;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(self_path, self_path, "--child", mode, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while (used + 1 < size && (got = read(pipefd[0], err + used, size - 1 - used)) > 0)
		used += (size_t)got;
	err[used] = '\0';
	while (read(pipefd[0], &(char){0}, 1) > 0)
		; /* drain the rest so the child never blocks on a full pipe */
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
#endif

static void expect_use_after_free(const char *mode)
{
#if defined(MBX_ASAN_BUILD)
	static char err[1 << 16];
	int status = run_child(mode, err, sizeof(err));

	/* A 4-byte write into the freed block, made by an enqueue's publish step. */
	CHECK(status != 0);
	CHECK(strstr(err, "AddressSanitizer: heap-use-after-free") != NULL);
	CHECK(strstr(err, "WRITE of size 4") != NULL);
	CHECK(strstr(err, " in mbx__publish_") != NULL);
	if (!strstr(err, " in mbx__publish_"))
		fprintf(stderr, "child %s exited %d without the report:\n%s\n", mode, status, err);
	else
		printf("  %s: ASan reported heap-use-after-free (child exit %d)\n", mode, status);
#else
	(void)mode;
	CHECK_SKIP("needs AddressSanitizer (the asan configuration runs it)");
#endif
}

static void atomic_base_enqueue_between_growth_and_refresh_writes_freed_memory_expected_hazard(void)
{
	expect_use_after_free("in-order");
}

static void atomic_base_moving_growth_under_producers_writes_freed_memory_expected_hazard(void)
{
	expect_use_after_free("concurrent");
}

struct rig {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	_Atomic int step; /* test choreography, seq_cst: nothing here is measured */
	enum mbx_status status;
};

static void sleep_ms(long ms)
{
	nanosleep(&(struct timespec){.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000}, NULL);
}

static void wait_step(struct rig *rig, int step)
{
	while (atomic_load(&rig->step) < step)
		sched_yield();
}

static void rig_open(struct rig *rig, const struct mbx_base *base)
{
	struct mbx_options options = {.wake = MBX_WAKE_SPIN, .base = base};

	CHECK_STATUS(mbx_variant_find("sequenced", &options.variant), MBX_OK);
	atomic_init(&rig->step, 0);
	CHECK_STATUS(mbx_memory_create(&rig->memory, 1, 2, MBX_GROWTH_MOVING), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&rig->mailbox, mbx_memory_base(rig->memory),
	                                mbx_memory_size(rig->memory), 0, &options),
	             MBX_OK);
}

static void rig_close(struct rig *rig)
{
	mbx_mailbox_detach(rig->mailbox);
	mbx_memory_destroy(rig->memory);
}

/* A producer stopped inside its read-side section (the library's own steps). */
static void *producer_inside_section(void *argument)
{
	struct rig *rig = argument;
	const struct mbx__base_ops *ops = mbx_mailbox_base(rig->mailbox)->ops;
	struct mbx_abi_mailbox *box = ops->enter(rig->mailbox);

	atomic_store(&rig->step, 1); /* inside, holding the old base */
	wait_step(rig, 3);
	rig->status = rig->mailbox->enqueue(rig->mailbox, box, 7);
	ops->leave(rig->mailbox);
	return NULL;
}

static void *grower(void *argument)
{
	struct rig *rig = argument;

	CHECK_STATUS(mbx_mailbox_grow_memory(rig->mailbox, rig->memory, 1, NULL), MBX_OK);
	atomic_store(&rig->step, 4); /* moved, old block released */
	return NULL;
}

static void rcu_move_waits_for_a_producer_inside_its_read_section(const struct mbx_base *base)
{
	struct rig rig;
	pthread_t producer, grow;
	uint32_t tail = 0, slot = 0;

	rig_open(&rig, base);
	pthread_create(&producer, NULL, producer_inside_section, &rig);
	wait_step(&rig, 1);
	atomic_store(&rig.step, 2);
	pthread_create(&grow, NULL, grower, &rig);
	sleep_ms(50);
	CHECK_EQ(atomic_load(&rig.step), 2); /* the move has not completed: it waits for us */
	atomic_store(&rig.step, 3);          /* let the producer write through the old base */
	pthread_join(producer, NULL);
	pthread_join(grow, NULL);
	CHECK_STATUS(rig.status, MBX_OK);
	/* The producer's write was made before the copy: it is in the new block. */
	CHECK_STATUS(mbx_memory_load_u32(rig.memory, MBX_TAIL_OFFSET, &tail), MBX_OK);
	CHECK_STATUS(mbx_memory_load_u32(rig.memory, MBX_RING_OFFSET, &slot), MBX_OK);
	CHECK_EQ(tail, 1);
	CHECK_EQ(slot, 7);
	rig_close(&rig);
}

static void *enqueuer(void *argument)
{
	struct rig *rig = argument;

	atomic_store(&rig->step, 1);
	rig->status = mbx_enqueue(rig->mailbox, 9);
	atomic_store(&rig->step, 2); /* returned */
	return NULL;
}

static void rcu_enqueue_waits_while_held_and_lands_in_the_new_block(const struct mbx_base *base)
{
	struct rig rig;
	pthread_t producer;
	void *old_base, *new_base;
	uint32_t slot = 0;

	rig_open(&rig, base);
	old_base = mbx_memory_base(rig.memory);
	CHECK_STATUS(mbx_mailbox_hold_base(rig.mailbox), MBX_OK);
	CHECK(mbx_mailbox_region(rig.mailbox) == NULL);
	pthread_create(&producer, NULL, enqueuer, &rig);
	wait_step(&rig, 1);
	sleep_ms(50);
	CHECK_EQ(atomic_load(&rig.step), 1); /* still waiting for a base */
	/* The runtime moves its memory by hand: a copy of the old page. */
	new_base = aligned_alloc(MBX_PAGE_SIZE, MBX_PAGE_SIZE);
	memcpy(new_base, old_base, MBX_PAGE_SIZE);
	CHECK_STATUS(mbx_mailbox_refresh_base(rig.mailbox, new_base, MBX_PAGE_SIZE), MBX_OK);
	pthread_join(producer, NULL);
	CHECK_STATUS(rig.status, MBX_OK);
	slot = atomic_load(&((struct mbx_abi_mailbox *)new_base)->ring[0]);
	CHECK_EQ(slot, 9);
	/* Nothing was written to the old block while held. */
	CHECK_EQ(atomic_load(&((struct mbx_abi_mailbox *)old_base)->ring[0]), 0);
	CHECK_STATUS(mbx_mailbox_refresh_base(rig.mailbox, old_base, MBX_PAGE_SIZE), MBX_OK);
	free(new_base);
	rig_close(&rig);
}

static void rcu_bases_hold_producers_off_the_old_block(void)
{
	size_t tested = 0;

	if (check_skip_without_liburcu())
		return;
	for (size_t b = 0; b < mbx_base_count(); b++) {
		const struct mbx_base *base = mbx_base_at(b);

		if (!mbx_base_is_rcu(base))
			continue;
		rcu_move_waits_for_a_producer_inside_its_read_section(base);
		rcu_enqueue_waits_while_held_and_lands_in_the_new_block(base);
		printf("  %-9s a move waits for the producer inside; a held enqueue waits\n",
		       mbx_base_name(base));
		tested++;
	}
	CHECK_EQ(tested, 3); /* rcu_memb, rcu_mb, rcu_qsbr */
}

static void rcu_bases_move_memory_under_producers_exactly_once(void)
{
	size_t tested = 0;

	if (check_skip_without_liburcu())
		return;
	for (size_t b = 0; b < mbx_base_count(); b++) {
		const struct mbx_base *base = mbx_base_at(b);
		struct mbx_stress_config config = {
		    .wake = MBX_WAKE_WAITER_HANDOFF,
		    .guest = MBX_GUEST_CORRECTED,
		    .producers = 3,
		    .ids_per_producer = check_stress_ids(40000, 20000),
		    .seed = b,
		    .base = base,
		    .growth = MBX_GROWTH_MOVING,
		    .grow_times = GROWTHS,
		};
		struct mbx_stress_report report;

		if (!mbx_base_is_rcu(base))
			continue;
		CHECK_STATUS(mbx_variant_find("sequenced", &config.variant), MBX_OK);
		CHECK_STATUS(mbx_stress_run(&config, &report), MBX_OK);
		printf("  %-9s %u moves (%u while producing), %llu ids, lost %llu, stale %llu, "
		       "duplicated %llu\n",
		       mbx_base_name(base), report.growths, report.growths_while_producing,
		       (unsigned long long)report.counts.delivered,
		       (unsigned long long)report.counts.lost,
		       (unsigned long long)report.counts.stale,
		       (unsigned long long)report.counts.duplicated);
		CHECK_EQ(report.growths, GROWTHS);
		CHECK(report.growths_while_producing >= 100);
		CHECK_EQ(report.produced, 3ull * config.ids_per_producer);
		CHECK_EQ(report.counts.delivered, report.produced);
		CHECK_EQ(report.counts.lost, 0);
		CHECK_EQ(report.counts.stale, 0);
		CHECK_EQ(report.counts.duplicated, 0);
		CHECK_EQ(report.wedged, 0);
		tested++;
	}
	CHECK_EQ(tested, 3); /* rcu_memb, rcu_mb, rcu_qsbr */
}

int main(int argc, char **argv)
{
	self_path = argv[0];
	if (argc == 3 && strcmp(argv[1], "--child") == 0)
		return strcmp(argv[2], "in-order") == 0 ? child_in_order() : child_concurrent();
	CHECK_MAIN(argc, argv);
	RUN_CASE(
	    atomic_base_enqueue_between_growth_and_refresh_writes_freed_memory_expected_hazard);
	RUN_CASE(atomic_base_moving_growth_under_producers_writes_freed_memory_expected_hazard);
	RUN_CASE(rcu_bases_hold_producers_off_the_old_block);
	RUN_CASE(rcu_bases_move_memory_under_producers_exactly_once);
	return CHECK_EXIT();
}
