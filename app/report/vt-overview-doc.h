/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-collect.h"
#include "vt-doc.h"

G_BEGIN_DECLS

/* The municipality's overview as a document (issue 17), laid out as the valgstyre's protocol:
 * one row per summed precinct — where counted, roll marks per day, ballots in the urns per
 * contest, special and emergency envelopes — with a sum row; per contest the approved, blank
 * and doubtful ballots and the party distribution summed; "Merknad fra stemmestyrene", each
 * station's remarks under its precinct; then what needs the election office's attention and
 * the files left out of the sums, with why. In the election's language (the stations'), or
 * the program's when no file could be read; a training election's pages are marked ØVING as
 * every training document's. Names no voter. */
VtDoc *vt_overview_doc_build (VtCollect *collect);

G_END_DECLS
