/* SPDX-License-Identifier: MIT */
/*
 * In the source tree, <mbx/ring/sequenced.h> is ring/sequenced.h, the protocol steps
 * <mbx/inline.h> is built from; the install puts that file itself here.
 */
#include "../../../ring/sequenced.h"
