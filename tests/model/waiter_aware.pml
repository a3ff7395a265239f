/* SPDX-License-Identifier: MIT */
/*
 * The waiter_aware wake policy (ring/wake.h) with the corrected guest
 * (sim/guest.c), sequentially consistent. Expected verdict: no assertion
 * violation and no invalid end state: every producer finishes, the guest takes
 * every item and never sleeps forever with work pending.
 *
 * Host (sequenced): claim a position (fetch_add on tail), publish the slot,
 * flag = 1; fence; if waiter then FUTEX_WAKE (wakes only a guest blocked at
 * that moment).
 * Guest (corrected): exchange(flag, 0) before reading tail; take published
 * slots from head (stop at one not yet published); waiter = 1; fence;
 * futex_wait(flag, 0) (atomic compare-and-block); waiter = 0.
 * The fences make the store->load pairs SC; SC is what this model assumes.
 *
 * Negative control, -DNO_HOST_FENCE: the host without its fence (F-WAKE-HOST),
 * modelled as its load of waiter passing its store of the flag (a store
 * buffer). Expected verdict: an invalid end state, the guest asleep forever
 * with work pending (the lost wake-up the fence exists to prevent).
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
	:: w == 1 ->                  /* the guest announced it sleeps */
		atomic { if :: blocked -> blocked = false :: else -> skip fi } /* FUTEX_WAKE */
	:: else -> skip               /* no system call */
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
	   atomic { if :: flag == 0 -> blocked = true :: else -> skip fi }; /* futex_wait(flag, 0) */
	   !blocked;                  /* asleep until a FUTEX_WAKE */
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
