/* SPDX-License-Identifier: MIT */
/*
 * The waiter_handoff wake policy (ring/wake.h, liburcu's call_rcu protocol)
 * with the corrected guest (sim/guest.c), sequentially consistent. The
 * first waker takes the guest's announcement (waiter = 0) and wakes the
 * waiter word; the guest sleeps on the waiter word, so a clear that comes
 * before its FUTEX_WAIT makes that wait return at once.
 *
 * Build with -DWAIT_ON_FLAG for the tempting mistake: the guest sleeps on
 * the flag (as waiter_aware does) while wakers clear the announcement; a
 * waker's clear can then land between the guest's announcement and its
 * sleep, and the next producer skips the wake: a lost wake-up (spin finds it).
 *
 * Build with -DNO_HOST_FENCE for the host without its fence (F-WAKE-HOST):
 * its load of waiter passes its store of the flag (a store buffer).
 *
 * Expected verdicts: as written, no assertion violation and no invalid end
 * state (every producer finishes, the guest takes every item and never sleeps
 * forever with work pending); with WAIT_ON_FLAG or NO_HOST_FENCE, an invalid
 * end state: the guest asleep forever with work pending.
 */
#ifndef NPROD
#define NPROD 2
#endif

byte tail = 0;
byte head = 0;
byte flag = 0;
byte waiter = 0;
byte slot[NPROD];     /* 0: not yet published */
byte taken = 0;
bool blocked = false;

proctype producer(byte id)
{
	byte t, w;
	atomic { t = tail; tail++ };  /* claim: fetch_add */
	slot[t] = id;                 /* publish the slot */
#ifdef NO_HOST_FENCE
	w = waiter;                   /* without F-WAKE-HOST the load passes the store */
	flag = 1;
#else
	flag = 1;                     /* then the flag; fence (seq_cst) */
	w = waiter;
#endif
	if
	:: w == 1 ->                  /* the guest announced it sleeps: take it */
		waiter = 0;
		atomic { if :: blocked -> blocked = false :: else -> skip fi } /* FUTEX_WAKE */
	:: else -> skip               /* nobody sleeps, or another waker took it */
	fi
}

proctype guest()
{
	byte t;
	do
	:: flag = 0;                  /* exchange(flag, 0, seq_cst) before reading tail */
	   t = tail;
	   do
	   :: head < t && slot[head] != 0 ->
		assert(slot[head] >= 1 && slot[head] <= NPROD);
		slot[head] = 0; head++; taken++
	   :: else -> break           /* caught up, or a slot not yet published */
	   od;
	   if
	   :: taken == NPROD -> break /* everything consumed: stop (model bound) */
	   :: else -> skip
	   fi;
	   waiter = 1;                /* announce; fence (seq_cst) */
	   if
	   :: flag == 0 ->
#ifdef WAIT_ON_FLAG
		atomic { if :: flag == 0 -> blocked = true :: else -> skip fi }   /* futex_wait(flag, 0) */
#else
		atomic { if :: waiter == 1 -> blocked = true :: else -> skip fi } /* futex_wait(waiter, 1) */
#endif
	   :: else -> skip
	   fi;
	   !blocked;                  /* asleep until a FUTEX_WAKE */
	   waiter = 0                 /* withdraw the announcement */
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
