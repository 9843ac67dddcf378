/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

G_BEGIN_DECLS

/* libFuzzer's entry points, declared here for -Werror=missing-prototypes. */
int         LLVMFuzzerInitialize   (int            *argc,
                                    char         ***argv);
int         LLVMFuzzerTestOneInput (const uint8_t  *data,
                                    size_t          size);

/* Once per process, from LLVMFuzzerInitialize (): criticals abort, and a private temporary
 * folder (removed at exit) that every input's files go into. Returns that folder. */
const char *vt_fuzz_init           (const char     *name,
                                    char          **argv);

/* A call that reads bad input may fail, but only with a message a person can read; one that
 * succeeds says nothing. Aborts otherwise, so that libFuzzer keeps the input. */
void        vt_fuzz_check_result   (const char     *what,
                                    gboolean        ok,
                                    const GError   *error);

void        vt_fuzz_write_file     (const char     *path,
                                    const uint8_t  *data,
                                    size_t          size);
/* The file, and what sqlite and the store leave beside a station file. */
void        vt_fuzz_remove_station (const char     *path);

G_END_DECLS
