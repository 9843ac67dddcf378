/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A scenario written from a station's journal (data/SCENARIOS.md, "Writing a scenario by
 * playing it"): a trainer plays a day once in the window, and the file replays it. */

#define VT_SCENARIO_WRITER_ERROR (vt_scenario_writer_error_quark ())

typedef enum
{
  VT_SCENARIO_WRITER_ERROR_EXISTS,   /* the scenario or its election file is already there */
  VT_SCENARIO_WRITER_ERROR_STATION,  /* the station file cannot be read */
  VT_SCENARIO_WRITER_ERROR_WRITE,    /* the files cannot be written */
} VtScenarioWriterError;

typedef struct
{
  guint     n_steps;        /* steps written */
  guint     n_refused;      /* of those, refusals written as expected refusals */
  guint     n_left_out;     /* journal entries that are not commands a scenario gives */
  char     *election_path;  /* the election configuration written beside the scenario */
  gboolean  not_private;    /* a file was written where the file system cannot keep it 0600 */
} VtScenarioWriterReport;

GQuark   vt_scenario_writer_error_quark   (void);

gboolean vt_scenario_write_from_station   (const char              *station_path,
                                           const char              *out_path,
                                           VtScenarioWriterReport  *report,
                                           GError                 **error);
void     vt_scenario_writer_report_clear  (VtScenarioWriterReport  *report);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VtScenarioWriterReport, vt_scenario_writer_report_clear)

G_END_DECLS
