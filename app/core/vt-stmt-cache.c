/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-stmt-cache"

#include "config.h"

#include "vt-stmt-cache.h"

/* db → (SQL text → sqlite3_stmt). Keyed by the text, not its address: some SQL is built at
 * run time, and a freed string's address can come back holding other SQL. */
static GHashTable *caches;
G_LOCK_DEFINE_STATIC (caches);

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

void
vt_stmt_cache_enable (sqlite3 *db)
{
  g_return_if_fail (db != NULL);

  G_LOCK (caches);
  if (caches == NULL)
    caches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_hash_table_unref);
  if (!g_hash_table_contains (caches, db))
    g_hash_table_insert (caches, db,
                         g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt));
  G_UNLOCK (caches);
}

void
vt_stmt_cache_drop (sqlite3 *db)
{
  G_LOCK (caches);
  if (caches != NULL && db != NULL)
    g_hash_table_remove (caches, db);
  G_UNLOCK (caches);
}

sqlite3_stmt *
vt_stmt_cache_take (sqlite3    *db,
                    const char *sql,
                    int        *rc)
{
  sqlite3_stmt *stmt = NULL;
  GHashTable *cache;
  char *key = NULL;

  G_LOCK (caches);
  cache = caches != NULL ? g_hash_table_lookup (caches, db) : NULL;
  if (cache != NULL &&
      g_hash_table_steal_extended (cache, sql, (gpointer *)&key, (gpointer *)&stmt))
    {
      G_UNLOCK (caches);
      /* Stolen, the key is ours to free (a NULL stolen_key would drop it unfreed); sqlite
       * keeps the text, and give puts it back under a copy. */
      g_free (key);
      *rc = SQLITE_OK;
      return stmt;
    }
  G_UNLOCK (caches);

  *rc = sqlite3_prepare_v3 (db, sql, -1, cache != NULL ? SQLITE_PREPARE_PERSISTENT : 0, &stmt,
                            NULL);
  if (*rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

void
vt_stmt_cache_give (sqlite3      *db,
                    sqlite3_stmt *stmt)
{
  GHashTable *cache;
  const char *sql;

  if (stmt == NULL)
    return;

  /* Reset at once: a statement left stepping holds its read transaction open. */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sql = sqlite3_sql (stmt);

  G_LOCK (caches);
  cache = caches != NULL ? g_hash_table_lookup (caches, db) : NULL;
  if (cache != NULL && sql != NULL && !g_hash_table_contains (cache, sql))
    {
      g_hash_table_insert (cache, g_strdup (sql), stmt);
      stmt = NULL;
    }
  G_UNLOCK (caches);

  sqlite3_finalize (stmt);
}
