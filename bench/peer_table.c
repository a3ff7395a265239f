/* SPDX-License-Identifier: MIT */
/*
 * The peers this build has: one row each. CMake defines MBX_PEER_HAVE_<NAME>
 * when it found the peer's library (bench/peers.cmake); mutex_cond and
 * eventfd need only libc and Linux.
 */
#include "peer.h"

static const struct mbx_peer_ops *const peers[] = {
#ifdef MBX_PEER_HAVE_WFCQUEUE
    &mbx_peer_wfcqueue,
#endif
#ifdef MBX_PEER_HAVE_CK_RING
    &mbx_peer_ck_ring,
#endif
#ifdef MBX_PEER_HAVE_RTE_RING
    &mbx_peer_rte_ring,      &mbx_peer_rte_ring_rts,
    &mbx_peer_rte_ring_hts,
#endif
#ifdef MBX_PEER_HAVE_ATOMIC_QUEUE
    &mbx_peer_atomic_queue,  &mbx_peer_atomic_queue_optimist,
#endif
#ifdef MBX_PEER_HAVE_XENIUM
    &mbx_peer_xenium_vyukov,
#endif
    &mbx_peer_mutex_cond,    &mbx_peer_eventfd,
};

size_t mbx_peer_count(void)
{
	return sizeof(peers) / sizeof(peers[0]);
}

const struct mbx_peer_ops *mbx_peer_at(size_t index)
{
	return index < mbx_peer_count() ? peers[index] : NULL;
}
