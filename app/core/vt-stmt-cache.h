/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Prepared statements kept between entries on a connection that asks for it (the station's
 * own, for as long as it is open): preparing the same few dozen statements for every entry
 * was a third of a durable entry's CPU.
 *
 * A statement is taken out of the cache while it is in use, so a statement in use is never
 * handed out twice (nested queries of the same SQL, another thread) and one that fails is
 * simply finalised. On a connection without a cache, take prepares and give finalises, as
 * before. */

void          vt_stmt_cache_enable (sqlite3      *db);
/* Finalises every cached statement of @db: call before closing it. */
void          vt_stmt_cache_drop   (sqlite3      *db);

/* @sql prepared (or reused, reset and unbound), or NULL with the error in @rc. */
sqlite3_stmt *vt_stmt_cache_take   (sqlite3      *db,
                                    const char   *sql,
                                    int          *rc);
/* Back to @db's cache, reset and unbound; finalised when there is no cache or the slot is
 * taken. NULL is allowed. */
void          vt_stmt_cache_give   (sqlite3      *db,
                                    sqlite3_stmt *stmt);

G_END_DECLS
