/* SPDX-License-Identifier: MIT */
/*
 * The announced variant (ring/announced.c) with its batched guest
 * (sim/guest_steps.h), sequentially consistent. Expected verdict: no
 * assertion violation and no invalid end state: every producer finishes, the
 * guest takes every item once, and never sleeps forever with work pending.
 *
 * Host: claim a position (the seq_cst CAS on tail), publish the slot, load
 * waiter (seq_cst, no fence); if 1: waiter_aware raises the flag and wakes
 * (a guest blocked at that moment), waiter_handoff (-DHANDOFF) clears waiter
 * and wakes. No flag on the awake path.
 * Guest: takes slots from head while published (or taken already beyond a
 * hole), then reads tail and takes what is published beyond the hole (a
 * bitmap, beyond[]); head advances only over the taken prefix. Before it
 * sleeps: flag = 0 (waiter_aware), waiter = 1, re-load tail; sleep only if
 * tail == head (futex_wait(flag, 0), or futex_wait(waiter, 1) for handoff);
 * otherwise (a hole, or new claims) poll: go round again. waiter = 0 after.
 * The seq_cst accesses are what this model's SC assumes (GenMC checks them
 * under RC11: tests/litmus/announced.c).
 *
 * Negative controls (expected: an invalid end state, the guest asleep with
 * work pending): -DNO_RECHECK, a guest that sleeps on the tail its pass read
 * instead of re-loading it after announcing; -DRELAXED_WAITER, the host's
 * waiter load passing its claim (what a relaxed load may do in C11).
 */
#ifndef NPROD
#define NPROD 3
#endif

byte tail = 0;
byte head = 0;        /* the guest's own (only the guest writes it) */
byte flag = 0;
byte waiter = 0;
byte slot[NPROD];     /* 0: not yet published */
bool beyond[NPROD];   /* positions above head taken already */
byte taken = 0;
bool blocked = false;

proctype producer(byte id)
{
	byte t, w;
#ifdef RELAXED_WAITER
	w = waiter;                   /* the load passes the claim */
	atomic { t = tail; tail++ };
	slot[t] = id;
#else
	atomic { t = tail; tail++ };  /* claim: C-TAIL (seq_cst CAS; never full here) */
	slot[t] = id;                 /* publish the slot */
	w = waiter;                   /* D-HOST (seq_cst) */
#endif
	if
	:: w == 1 ->
#ifdef HANDOFF
		waiter = 0;           /* take the announcement */
#else
		flag = 1;             /* raise */
#endif
		atomic { if :: blocked -> blocked = false :: else -> skip fi } /* FUTEX_WAKE */
	:: else -> skip               /* the guest is awake: no system call */
	fi
}

proctype guest()
{
	byte t, i;
	do
	:: do                         /* the pass: the taken prefix */
	   :: head < NPROD && beyond[head] -> beyond[head] = false; head++
	   :: head < NPROD && !beyond[head] && slot[head] != 0 ->
		assert(slot[head] >= 1 && slot[head] <= NPROD);
		slot[head] = 0; head++; taken++
	   :: else -> break           /* caught up, or a hole */
	   od;
	   t = tail;                  /* beyond the hole */
	   i = head + 1;
	   do
	   :: i < t ->
		if
		:: !beyond[i] && slot[i] != 0 -> slot[i] = 0; beyond[i] = true; taken++
		:: else -> skip
		fi;
		i++
	   :: else -> break
	   od;
	   if
	   :: taken == NPROD -> break /* everything consumed: stop (model bound) */
	   :: else -> skip
	   fi;
#ifndef HANDOFF
	   flag = 0;                  /* A-ANN-FLAG: clear before announcing */
#endif
	   waiter = 1;                /* D-GUEST: announce (seq_cst) */
#ifndef NO_RECHECK
	   t = tail;                  /* D-GUEST: re-load tail (seq_cst) */
#endif
	   if
	   :: t == head ->
#ifdef HANDOFF
		atomic { if :: waiter == 1 -> blocked = true :: else -> skip fi }; /* futex_wait(waiter, 1) */
#else
		atomic { if :: flag == 0 -> blocked = true :: else -> skip fi };   /* futex_wait(flag, 0) */
#endif
		!blocked              /* asleep until a FUTEX_WAKE */
	   :: else -> skip            /* a hole or new claims: poll, never sleep */
	   fi;
	   waiter = 0
	od;
	assert(head == tail && taken == NPROD)
}

init
{
	atomic {
		byte i = 1;
		run guest();
		do
		:: i <= NPROD -> run producer(i); i++
		:: else -> break
		od
	}
}
