/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "vt-station.h"
#include "vt-test-util.h"

/* crash-child STATION-FILE SEED: a busy stretch of election day on an open station, one command
 * after another, as fast as the disk allows. After each command the station confirmed, it
 * prints "SEQ COMMAND-ID" on stdout and flushes, the way the window shows an entry only once it
 * is on disk. The crash test kills it with SIGKILL at a random moment and then checks that
 * every line it printed is in the file. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  GRand *rand;
  const char *chair;

  if (argc != 3)
    {
      g_printerr ("usage: crash-child STATION-FILE SEED\n");
      return 2;
    }

  station = vt_station_open (argv[1], &error);
  if (station == NULL)
    {
      g_printerr ("crash-child: %s\n", error->message);
      return 1;
    }
  chair = vt_station_get_actor (station);
  rand = g_rand_new_with_seed ((guint32)g_ascii_strtoull (argv[2], NULL, 10));
  setvbuf (stdout, NULL, _IOLBF, 0);

  for (guint i = 0; ; i++)
    {
      g_autofree char *id = g_strdup_printf ("crash-%s-%u", argv[2], i);
      g_autoptr(JsonObject) payload = json_object_new ();
      g_autoptr(VtJournalEntry) entry = NULL;
      const char *kind;

      /* Notes of varied length and refused commands (journaled as refusals) in between. */
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          kind = "note";
          json_object_set_string_member (payload, "text", "Kort.");
          break;
        case 1:
          {
            g_autofree char *text = g_strnfill (g_rand_int_range (rand, 100, 1900), 'x');
            kind = "note";
            json_object_set_string_member (payload, "text", text);
          }
          break;
        case 2:
          kind = "urn.open";  /* refused in this phase: written as a refusal */
          json_object_set_string_member (payload, "urn", "U1");
          break;
        default:
          kind = "person.arrive";
          json_object_set_string_member (payload, "person", chair);
          break;
        }

      entry = vt_station_execute (station, id, kind, chair, payload, NULL);
      if (entry != NULL)
        printf ("%" PRId64 " %s\n", vt_journal_entry_get_seq (entry), id);
    }
}
