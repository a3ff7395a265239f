/* SPDX-License-Identifier: MIT */
/*
 * A consumer that uses liburcu's bulletproof flavour itself, through its own
 * PkgConfig::URCU, in the same CMake project as find_package(mbx): both must
 * link and run (mbx imports its own flavours as mbx::urcu).
 */
#include <mbx/mailbox.h>
#include <stdio.h>
#include <urcu/urcu-bp.h>

int main(void)
{
	const struct mbx_base *base = NULL;
	enum mbx_status status = mbx_base_find("rcu_memb", &base);

	urcu_bp_read_lock();
	urcu_bp_read_unlock();
	urcu_bp_synchronize_rcu();
	printf("urcu-bp and mbx: %s\n", mbx_strerror(status));
	return status == MBX_OK ? 0 : 1;
}
