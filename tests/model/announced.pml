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
 * hole); when that took nothing and it has reason to (rescan, or a peek at
 * the first position above head it has not taken finds it published), reads
 * tail and takes what is published beyond the hole (a bitmap, beyond[]),
 * keeping rescan while a claim there is unpublished; head advances only
 * over the taken prefix. A wait that re-loads tail and finds claims beyond
 * head that no scan saw sets rescan; an expired wait sets it too (the
 * model's poll may return at once: "expired"). Before it
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
	byte t, i, scanned = 0;
	bool rescan = false, took;
	do
	:: took = false;
	   do                         /* the pass: the taken prefix */
	   :: head < NPROD && beyond[head] -> beyond[head] = false; head++
	   :: head < NPROD && !beyond[head] && slot[head] != 0 ->
		assert(slot[head] >= 1 && slot[head] <= NPROD);
		slot[head] = 0; head++; taken++; took = true
	   :: else -> break           /* caught up, or a hole */
	   od;
	   i = head + 1;              /* the peek: the first position above head not taken */
	   do
	   :: i < NPROD && beyond[i] -> i++
	   :: else -> break
	   od;
	   if
	   :: !took && (rescan || (i < NPROD && slot[i] != 0)) ->
		t = tail;             /* beyond the hole */
		scanned = t;
		rescan = false;
		i = head + 1;
		do
		:: i < t ->
			if
			:: !beyond[i] && slot[i] != 0 -> slot[i] = 0; beyond[i] = true; taken++
			:: !beyond[i] && slot[i] == 0 -> rescan = true /* another hole */
			:: else -> skip
			fi;
			i++
		:: else -> break
		od
	   :: else -> skip
	   fi;
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
#else
	   t = head;                  /* the refuted guest: trusts its pass */
#endif
	   if
	   :: t == head ->
#ifdef HANDOFF
		atomic { if :: waiter == 1 -> blocked = true :: else -> skip fi }; /* futex_wait(waiter, 1) */
#else
		atomic { if :: flag == 0 -> blocked = true :: else -> skip fi };   /* futex_wait(flag, 0) */
#endif
		!blocked              /* asleep until a FUTEX_WAKE */
	   :: else ->                 /* a hole or new claims: poll, never sleep */
		if
		:: t != scanned && t - head > 1 -> rescan = true /* claims no scan saw */
		:: else -> skip
		fi;
		if
		:: rescan = true      /* the poll expired */
		:: skip               /* the slot at head, or new claims, ended it */
		fi
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
