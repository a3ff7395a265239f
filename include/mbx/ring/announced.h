/* SPDX-License-Identifier: MIT */
/*
 * In the source tree, <mbx/ring/announced.h> is ring/announced.h, the protocol steps
 * <mbx/inline.h> is built from; the install puts that file itself here.
 */
#include "../../../ring/announced.h"
