/* SPDX-License-Identifier: MIT */
/*
 * In the source tree, <mbx/ring/overwriting.h> is ring/overwriting.h, the protocol steps
 * <mbx/inline.h> is built from; the install puts that file itself here.
 */
#include "../../../ring/overwriting.h"
