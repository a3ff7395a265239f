/* SPDX-License-Identifier: MIT */
/*
 * Private: a guest drain pass split into its steps, so the deterministic
 * interleaving tests can run host steps between them. mbx_guest_drain is
 * exactly begin, take, finish.
 *   begin   reference: head (acquire), tail (acquire)
 *           corrected: flag exchange (seq_cst), head, tail (acquire)
 *   take    read the slots of head..tail (corrected: stop at an unpublished 0)
 *   finish  head (release); reference: flag = 0 (relaxed) last
 */
#ifndef MBX_RING_GUEST_STEPS_H
#define MBX_RING_GUEST_STEPS_H

#include <mbx/guest.h>

struct mbx__drain_pass {
	struct mbx_abi_mailbox *box;
	uint32_t head;
	uint32_t tail;
	uint32_t overrun;
	uint32_t taken;
};

void mbx__guest_begin(struct mbx_guest *guest, struct mbx__drain_pass *pass);
void mbx__guest_take(struct mbx_guest *guest, struct mbx__drain_pass *pass);
void mbx__guest_finish(struct mbx_guest *guest, struct mbx__drain_pass *pass);

#endif /* MBX_RING_GUEST_STEPS_H */
