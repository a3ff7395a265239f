/* SPDX-License-Identifier: MIT */
/*
 * The reference guest drain against the seed enqueue, sequentially consistent.
 * Expected verdict: spin FINDS an invalid end state (the lost wake-up): the
 * guest blocked in its futex wait forever while tail != head.
 *
 * Guest (sim/guest.c, reference): load head, load tail, read the slots,
 * head = tail, flag = 0 LAST, then futex_wait(flag, 0): an atomic
 * "if flag == 0 then block". Host (seed): tail++ (fetch_add), slot store,
 * flag = 1, FUTEX_WAKE: wakes the guest only if it is blocked at that moment.
 */
#ifndef NPROD
#define NPROD 2
#endif

byte tail = 0;    /* host fetch_add */
byte head = 0;    /* guest only */
byte flag = 0;    /* host sets, guest clears */
byte slot[NPROD]; /* ids, never 0 */
bool blocked = false;

proctype producer(byte id)
{
	byte t;
	atomic { t = tail; tail++ };  /* fetch_add(acq_rel) */
	slot[t] = id;                 /* store(relaxed) */
	flag = 1;                     /* store(release) */
	atomic { if :: blocked -> blocked = false :: else -> skip fi } /* FUTEX_WAKE */
}

proctype guest()
{
	byte h, t;
	do
	:: h = head;                  /* load(acquire) */
	   t = tail;                  /* load(acquire) */
	   /* slots h..t-1 are read here (relaxed); their values do not matter for the wake-up */
	   head = t;                  /* store(release) */
	   flag = 0;                  /* store(relaxed), last: erases a concurrent flag = 1 */
	   if
	   :: head == NPROD -> break  /* everything consumed: stop (model bound) */
	   :: else -> skip
	   fi;
	   atomic { if :: flag == 0 -> blocked = true :: else -> skip fi }; /* futex_wait(flag, 0) */
	   !blocked                   /* asleep until a FUTEX_WAKE */
	od;
	assert(head == tail)
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
