/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "vt-station.h"

G_BEGIN_DECLS

/* A fresh station in its own temporary folder, removed again after the test. */
typedef struct
{
  char *dir;
  char *path;
  VtConfig *config;
  VtStation *station;
} StationFixture;

void      station_fixture_set_up      (StationFixture *fixture,
                                       gconstpointer   data);
void      station_fixture_tear_down   (StationFixture *fixture,
                                       gconstpointer   data);
VtConfig *vt_test_load_config         (const char     *name);
GDateTime *vt_test_fixed_time         (int             hour,
                                       int             minute);
sqlite3  *vt_test_open_raw            (const char     *path);
char     *vt_test_run_sqlite3_shell   (const char     *path,
                                       const char     *sql,
                                       int            *exit_status);
void      vt_test_remove_tree         (const char     *dir);

G_END_DECLS
