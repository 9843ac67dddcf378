/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-station.h"

G_BEGIN_DECLS

/* What the header says beside the clock: the one line about the day that is true for the
 * station's phase, in the station's own time.
 *
 *   setup, opening   "Opens at 09:00 — in 1 h 20 min"       (or "Opening time was 09:00 — 5 min ago")
 *   voting           "Closes at 21:00 — 2 h 3 min left"     (or "Closing time was 21:00 — 4 min ago")
 *   night            "Closed for the night — opens tomorrow at 09:00"
 *   closing          "Closed at 21:04"
 *   counting         "Counting since 21:40"
 *   protocol         "Results phoned in at 22:31"
 *
 * Scheduled times are read in the election's time zone, logged times in the offset each entry
 * was written with.
 *
 * The station's own day: a countdown is only given while @now is on the date of the time it
 * counts to and not before the newest entry of the log. A station whose log runs ahead of the
 * wall clock, or whose day is another date (a training station replayed from a scenario, a
 * file opened again weeks later), is shown on its own day instead: the scheduled time with its
 * date ("Closes at 21:00 on 13.09.2027"), never "283 days left". "Tomorrow" is the day after
 * the night's closing entry, so it holds in a replay too. */
char *vt_day_clock_dup_text   (VtStation *station,
                               GDateTime *now);

/* A duration rounded up to whole minutes: "3 h 12 min", "12 min". */
char *vt_day_clock_format_span (GTimeSpan span);

G_END_DECLS
