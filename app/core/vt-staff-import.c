/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-staff-import"

#include "config.h"

#include "vt-i18n.h"
#include <string.h>

#include "vt-fnr.h"
#include "vt-json-reader.h"
#include "vt-kind-ids.h"
#include "vt-role.h"
#include "vt-staff-import.h"

/* The municipality's staff list, read as spreadsheets write CSV: see vt-staff-import.h. */

G_DEFINE_QUARK (vt-staff-import-error-quark, vt_staff_import_error)

/* Larger than any station's staff list by far: a file this big is not one. */
#define MAX_FILE_BYTES (1024 * 1024)
#define MAX_NAME_CHARS 120
#define MAX_SHIFT_CHARS 60

typedef enum
{
  COLUMN_OTHER,
  COLUMN_NAME,
  COLUMN_FIRST_NAME,
  COLUMN_LAST_NAME,
  COLUMN_ROLE,
  COLUMN_TABLE,
  COLUMN_SHIFT,
  COLUMN_IDENTITY,  /* personal data: the file is refused with the column named */
  COLUMN_PHONE,
  COLUMN_EMAIL,
} Column;

/* Header names, casefolded: Bokmål, Nynorsk and English. */
static const struct
{
  const char *header;
  Column column;
} headers[] = {
  { "navn", COLUMN_NAME }, { "namn", COLUMN_NAME }, { "name", COLUMN_NAME },
  { "fullt navn", COLUMN_NAME }, { "fullt namn", COLUMN_NAME }, { "full name", COLUMN_NAME },
  { "fornavn", COLUMN_FIRST_NAME }, { "førenamn", COLUMN_FIRST_NAME },
  { "first name", COLUMN_FIRST_NAME },
  { "etternavn", COLUMN_LAST_NAME }, { "etternamn", COLUMN_LAST_NAME },
  { "last name", COLUMN_LAST_NAME }, { "surname", COLUMN_LAST_NAME },
  { "rolle", COLUMN_ROLE }, { "role", COLUMN_ROLE }, { "funksjon", COLUMN_ROLE },
  { "function", COLUMN_ROLE },
  { "rode", COLUMN_TABLE }, { "table", COLUMN_TABLE }, { "bord", COLUMN_TABLE },
  { "avkrysserbord", COLUMN_TABLE }, { "avkryssarbord", COLUMN_TABLE },
  { "skift", COLUMN_SHIFT }, { "shift", COLUMN_SHIFT }, { "arbeidstid", COLUMN_SHIFT },
  { "fødselsnummer", COLUMN_IDENTITY }, { "fodselsnummer", COLUMN_IDENTITY },
  { "fnr", COLUMN_IDENTITY }, { "personnummer", COLUMN_IDENTITY },
  { "d-nummer", COLUMN_IDENTITY }, { "identity number", COLUMN_IDENTITY },
  { "national id", COLUMN_IDENTITY }, { "personal number", COLUMN_IDENTITY },
  { "telefon", COLUMN_PHONE }, { "telefonnummer", COLUMN_PHONE }, { "tlf", COLUMN_PHONE },
  { "tlf.", COLUMN_PHONE }, { "mobil", COLUMN_PHONE }, { "mobilnummer", COLUMN_PHONE },
  { "phone", COLUMN_PHONE }, { "mobile", COLUMN_PHONE }, { "telephone", COLUMN_PHONE },
  { "e-post", COLUMN_EMAIL }, { "epost", COLUMN_EMAIL }, { "e-postadresse", COLUMN_EMAIL },
  { "e-mail", COLUMN_EMAIL }, { "email", COLUMN_EMAIL }, { "mail", COLUMN_EMAIL },
};

/* One record of the file: its fields and the line it starts on. */
typedef struct
{
  GPtrArray *fields;  /* of char * */
  guint line;
} Record;

static void
record_free (Record *record)
{
  g_ptr_array_unref (record->fields);
  g_free (record);
}

typedef struct
{
  char *name;
  VtRole role;
  char *table;  /* the configuration's table id, or NULL */
  char *shift;
  guint line;
} Person;

static void
person_free (Person *person)
{
  g_free (person->name);
  g_free (person->table);
  g_free (person->shift);
  g_free (person);
}

static void
problem_free (VtStaffProblem *problem)
{
  g_free (problem->message);
  g_free (problem);
}

void
vt_staff_import_report_clear (VtStaffImportReport *report)
{
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

char *
vt_staff_problem_dup_text (const VtStaffProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  /* Translators: a bad line of a staff list: "Line 4: the role “kokk” is not …" */
  return g_strdup_printf (_("Line %u: %s"), problem->line, problem->message);
}

static void add_problem (VtStaffImportReport *report,
                         guint                line,
                         const char          *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (VtStaffImportReport *report,
             guint                line,
             const char          *format,
             ...)
{
  VtStaffProblem *problem = g_new0 (VtStaffProblem, 1);
  va_list args;

  va_start (args, format);
  problem->line = line;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (report->problems, problem);
}

/* ---- characters ------------------------------------------------------------------------- */

static guint
line_of_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n' || (data[i] == '\r' && data[i + 1] != '\n'))
      line++;
  return line;
}

/* The file as UTF-8: as it is when it is UTF-8 (without its BOM), else from Windows-1252, the
 * encoding Excel writes "CSV (semicolon separated)" in on Norwegian Windows. */
static char *
decode (const char          *data,
        gsize                length,
        VtStaffImportReport *report)
{
  g_autoptr(GError) error = NULL;
  gsize bytes_read = 0;
  char *text;

  if (length >= 2 && (((guchar)data[0] == 0xff && (guchar)data[1] == 0xfe) ||
                      ((guchar)data[0] == 0xfe && (guchar)data[1] == 0xff)))
    {
      add_problem (report, 1, _("the file is saved as UTF-16 (“Unicode text”), which Valgting "
                                "does not read; save it again as “CSV UTF-8” or “CSV "
                                "(semicolon separated)”."));
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (memchr (data, '\0', length) != NULL)
    {
      add_problem (report, line_of_offset (data, (const char *)memchr (data, '\0', length) - data),
                   _("the line holds a character that is not text (a zero byte): the file is "
                     "not a CSV file, or is damaged. Save the list again as “CSV UTF-8”."));
      return NULL;
    }

  if (g_utf8_validate_len (data, length, NULL))
    {
      report->encoding = "UTF-8";
      return g_strndup (data, length);
    }

  text = g_convert (data, length, "UTF-8", "WINDOWS-1252", &bytes_read, NULL, &error);
  if (text == NULL)
    {
      add_problem (report, line_of_offset (data, bytes_read),
                   _("the line has characters that can be read neither as UTF-8 nor as "
                     "Windows-1252; save the list again as “CSV UTF-8” and check the line's "
                     "letters (Æ Ø Å)."));
      return NULL;
    }
  report->encoding = "Windows-1252";
  return text;
}

/* ---- records (RFC 4180) ----------------------------------------------------------------- */

/* ';' when the header has more of them than ',', as Norwegian spreadsheets write. */
static char
detect_separator (const char *text)
{
  guint semicolons = 0;
  guint commas = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
      else if (!quoted && *p == ';')
        semicolons++;
      else if (!quoted && *p == ',')
        commas++;
    }
  return semicolons >= commas && semicolons > 0 ? ';' : ',';
}

/* Splits @text into records: quoted fields may hold the separator, quotes ("") and line
 * breaks; lines end in CRLF, LF or CR. A quote never closed is a problem of its line. */
static GPtrArray *
split_records (const char          *text,
               char                 separator,
               VtStaffImportReport *report)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)record_free);
  g_autoptr(GString) field = g_string_new (NULL);
  Record *record = NULL;
  guint line = 1;
  const char *p = text;

  while (*p != '\0')
    {
      if (record == NULL)
        {
          record = g_new0 (Record, 1);
          record->fields = g_ptr_array_new_with_free_func (g_free);
          record->line = line;
        }

      if (*p == '"' && field->len == 0)
        {
          guint opened = line;

          for (p++;; p++)
            {
              if (*p == '\0')
                {
                  add_problem (report, opened,
                               _("a quotation mark (\") opens a field that is never closed; "
                                 "close it, or remove it."));
                  record_free (record);
                  return NULL;
                }
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
                    line++;
                  g_string_append_c (field, *p);
                }
            }
          /* Text after the closing quote belongs to the field, as spreadsheets read it. */
          continue;
        }

      if (*p == separator)
        {
          g_ptr_array_add (record->fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          p++;
        }
      else if (*p == '\r' || *p == '\n')
        {
          g_ptr_array_add (record->fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (records, g_steal_pointer (&record));
          p += (*p == '\r' && p[1] == '\n') ? 2 : 1;
          line++;
        }
      else
        g_string_append_c (field, *p++);
    }
  if (record != NULL)
    {
      g_ptr_array_add (record->fields, g_strdup (field->str));
      g_ptr_array_add (records, record);
    }
  return g_steal_pointer (&records);
}

/* ---- what a cell may not hold ----------------------------------------------------------- */

/* The longest run of digits in @text, spaces between them allowed ("912 34 567"). */
static guint
longest_digit_run (const char *text)
{
  guint longest = 0;
  guint run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          run++;
          longest = MAX (longest, run);
        }
      else if (*p == ' ' && run > 0 && g_ascii_isdigit (p[1]))
        continue;
      else
        run = 0;
    }
  return longest;
}

static gboolean
looks_like_email (const char *text)
{
  return strchr (text, '@') != NULL &&
         g_regex_match_simple ("[^\\s@;,]+@[^\\s@;,]+\\.[^\\s@;,]+", text, 0, 0);
}

/* Refuses @cell when it holds personal data Valgting never takes in; returns whether it was
 * fine. */
static gboolean
check_personal_data (const char          *cell,
                     const char          *column,
                     guint                line,
                     VtStaffImportReport *report)
{
  guint digits = longest_digit_run (cell);

  if (vt_text_contains_fnr (cell) || digits == 11)
    add_problem (report, line,
                 _("the column “%s” holds an identity number (11 digits). Valgting takes in no "
                   "identity numbers: remove it from the file."), column);
  else if (digits >= 8)
    add_problem (report, line,
                 _("the column “%s” holds a phone number. Valgting takes in no phone numbers: "
                   "remove it from the file."), column);
  else if (looks_like_email (cell))
    add_problem (report, line,
                 _("the column “%s” holds an e-mail address. Valgting takes in no e-mail "
                   "addresses: remove it from the file."), column);
  else
    return TRUE;
  return FALSE;
}

/* ---- the header ------------------------------------------------------------------------- */

static char *
fold (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (normal != NULL ? normal : "", -1);
}

static Column
column_of_header (const char *header)
{
  g_autofree char *folded = fold (header);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    if (g_str_equal (folded, headers[i].header))
      return headers[i].column;
  return COLUMN_OTHER;
}

/* The columns of @header, or NULL (with the problems) when the file cannot be read by them. */
static GArray *
read_header (Record              *header,
             VtStaffImportReport *report)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  gboolean seen[COLUMN_EMAIL + 1] = { FALSE };
  guint n_problems = report->problems->len;

  for (guint i = 0; i < header->fields->len; i++)
    {
      const char *text = g_ptr_array_index (header->fields, i);
      Column column = column_of_header (text);

      g_array_append_val (columns, column);
      if (column == COLUMN_IDENTITY)
        add_problem (report, header->line,
                     _("the column “%s” is for identity numbers. Valgting takes in no identity "
                       "numbers: remove that column from the file."), text);
      else if (column == COLUMN_PHONE)
        add_problem (report, header->line,
                     _("the column “%s” is for phone numbers. Valgting takes in no phone "
                       "numbers: remove that column from the file."), text);
      else if (column == COLUMN_EMAIL)
        add_problem (report, header->line,
                     _("the column “%s” is for e-mail addresses. Valgting takes in no e-mail "
                       "addresses: remove that column from the file."), text);
      else if (column != COLUMN_OTHER && seen[column])
        add_problem (report, header->line,
                     _("the column “%s” is there twice; keep one of them."), text);
      seen[column] = TRUE;
    }

  if (!seen[COLUMN_NAME] && !(seen[COLUMN_FIRST_NAME] && seen[COLUMN_LAST_NAME]))
    add_problem (report, header->line,
                 _("the first line names no column for the name. It must be a header row "
                   "naming the columns, for example “navn;rolle;rode;skift”."));
  if (!seen[COLUMN_ROLE])
    add_problem (report, header->line,
                 _("the first line names no column for the role. It must be a header row "
                   "naming the columns, for example “navn;rolle;rode;skift”."));

  return report->problems->len == n_problems ? g_steal_pointer (&columns) : NULL;
}

/* ---- a person --------------------------------------------------------------------------- */

static char *
dup_role_list (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < VT_N_ROLES; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", vt_role_to_string (i));
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static char *
dup_table_list (VtConfig *config)
{
  GPtrArray *tables = vt_config_get_tables (config);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < tables->len; i++)
    {
      const VtRollTable *table = g_ptr_array_index (tables, i);
      g_string_append_printf (list, "%s%s (%s)", i > 0 ? ", " : "", table->id, table->range);
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* The table @text names, by its id ("2") or its range ("Fk–Kj"), or NULL. */
static const VtRollTable *
find_table (VtConfig   *config,
            const char *text)
{
  GPtrArray *tables = vt_config_get_tables (config);
  g_autofree char *folded = fold (text);

  for (guint i = 0; i < tables->len; i++)
    {
      const VtRollTable *table = g_ptr_array_index (tables, i);
      g_autofree char *id = fold (table->id);
      g_autofree char *range = fold (table->range);

      if (g_str_equal (folded, id) || g_str_equal (folded, range))
        return table;
    }
  return NULL;
}

/* Spaces trimmed and collapsed: how a name is stored and compared. */
static char *
tidy_name (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) words = g_strsplit_set (normal != NULL ? normal : "", " \t\r\n", -1);
  g_autoptr(GString) name = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static const char *
cell (Record *record,
      GArray *columns,
      Column  wanted)
{
  for (guint i = 0; i < columns->len && i < record->fields->len; i++)
    if (g_array_index (columns, Column, i) == wanted)
      return g_ptr_array_index (record->fields, i);
  return "";
}

static gboolean
has_column (GArray *columns,
            Column  wanted)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_array_index (columns, Column, i) == wanted)
      return TRUE;
  return FALSE;
}

static gboolean
record_is_blank (Record *record)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (g_ptr_array_index (record->fields, i)));
      if (*text != '\0')
        return FALSE;
    }
  return TRUE;
}

/* The person of @record, or NULL with its problems. */
static Person *
read_person (Record              *record,
             Record              *header,
             GArray              *columns,
             VtConfig            *config,
             VtStaffImportReport *report)
{
  g_autoptr(GString) full = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *table_text = NULL;
  g_autofree char *shift = NULL;
  const VtRollTable *table = NULL;
  guint n_problems = report->problems->len;
  guint n_fields = record->fields->len;
  VtRole role = VT_ROLE_VALGMEDARBEIDER;
  Person *person;

  /* A spreadsheet may end a line with empty cells; anything else in more or fewer cells
   * than the header has is a line whose cells are not where the header says. */
  while (n_fields > columns->len &&
         *(const char *)g_ptr_array_index (record->fields, n_fields - 1) == '\0')
    n_fields--;
  if (n_fields != columns->len)
    {
      add_problem (report, record->line,
                   ngettext ("the line has %u field, the header has %u. Put a name or a shift "
                             "that holds the separator “%c” in quotation marks (\"…\"), and "
                             "give every line the header's columns.",
                             "the line has %u fields, the header has %u. Put a name or a shift "
                             "that holds the separator “%c” in quotation marks (\"…\"), and "
                             "give every line the header's columns.", n_fields),
                   n_fields, columns->len, report->separator);
      return NULL;
    }

  for (guint i = 0; i < n_fields; i++)
    if (!check_personal_data (g_ptr_array_index (record->fields, i),
                              g_ptr_array_index (header->fields, i), record->line, report))
      return NULL;

  if (has_column (columns, COLUMN_NAME))
    g_string_append (full, cell (record, columns, COLUMN_NAME));
  else
    g_string_append_printf (full, "%s %s", cell (record, columns, COLUMN_FIRST_NAME),
                            cell (record, columns, COLUMN_LAST_NAME));
  name = tidy_name (full->str);
  role_text = g_strstrip (g_strdup (cell (record, columns, COLUMN_ROLE)));
  table_text = g_strstrip (g_strdup (cell (record, columns, COLUMN_TABLE)));
  shift = g_strstrip (g_strdup (cell (record, columns, COLUMN_SHIFT)));


  if (*name == '\0')
    add_problem (report, record->line,
                 _("there is no name; write the person's name, or delete the line."));
  else if (g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    add_problem (report, record->line,
                 _("the name is longer than %d characters; write the name alone."),
                 MAX_NAME_CHARS);

  if (*role_text == '\0')
    {
      g_autofree char *roles = dup_role_list ();
      add_problem (report, record->line,
                   _("there is no role; write one of: %s (Nynorsk too: leiar, nestleiar …)."),
                   roles);
    }
  else if (!vt_role_from_word (role_text, &role))
    {
      g_autofree char *roles = dup_role_list ();
      add_problem (report, record->line,
                   _("the role “%s” is not one Valgting knows; write one of: %s (Nynorsk too: "
                     "leiar, nestleiar …)."), role_text, roles);
    }

  if (*table_text != '\0')
    {
      table = find_table (config, table_text);
      if (table == NULL)
        {
          g_autofree char *tables = dup_table_list (config);
          add_problem (report, record->line,
                       _("the rode “%s” is not one of this station's: %s. Write its number, or "
                         "leave the cell empty."), table_text, tables);
        }
    }
  if (g_utf8_strlen (shift, -1) > MAX_SHIFT_CHARS)
    add_problem (report, record->line,
                 _("the shift is longer than %d characters; write it short, such as "
                   "“08:00–14:00”."), MAX_SHIFT_CHARS);

  if (report->problems->len != n_problems)
    return NULL;

  person = g_new0 (Person, 1);
  person->name = g_steal_pointer (&name);
  person->role = role;
  person->table = table != NULL ? g_strdup (table->id) : NULL;
  person->shift = *shift != '\0' ? g_steal_pointer (&shift) : NULL;
  person->line = record->line;
  return person;
}

/* ---- the list against the station's people ---------------------------------------------- */

static const VtPerson *
find_named (VtConfig   *config,
            const char *name)
{
  GPtrArray *people = vt_config_get_people (config);
  g_autofree char *key = fold (name);

  for (guint i = 0; i < people->len; i++)
    {
      const VtPerson *person = g_ptr_array_index (people, i);
      g_autofree char *other = fold (person->name);

      if (g_str_equal (key, other))
        return person;
    }
  return NULL;
}

static const VtPerson *
find_in_role (VtConfig *config,
              VtRole    role)
{
  GPtrArray *people = vt_config_get_people (config);

  for (guint i = 0; i < people->len; i++)
    if (((const VtPerson *)g_ptr_array_index (people, i))->role == role)
      return g_ptr_array_index (people, i);
  return NULL;
}

/* An id made from @name ("Lars Mønster" → "lars-monster"), free among the station's people
 * and the ids already made (@taken). */
static char *
make_id (const char *name,
         VtConfig   *config,
         GHashTable *taken)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) id = g_string_new (NULL);
  g_autofree char *base = NULL;
  char *candidate;

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00e6) /* æ */
        g_string_append (id, "ae");
      else if (c == 0x00f8) /* ø */
        g_string_append_c (id, 'o');
      else if (c == 0x00df) /* ß */
        g_string_append (id, "ss");
      else if (c < 128 && g_ascii_isalnum (c))
        g_string_append_c (id, (char)c);
      else if (g_unichar_ismark (c))
        continue;
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  g_string_truncate (id, MIN (id->len, 56));
  if (id->len == 0)
    g_string_assign (id, "person");
  base = g_string_free (g_steal_pointer (&id), FALSE);

  candidate = g_strdup (base);
  for (guint n = 2; vt_config_find_person (config, candidate) != NULL ||
                    g_hash_table_contains (taken, candidate); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", base, n);
    }
  g_hash_table_add (taken, g_strdup (candidate));
  g_assert (vt_reader_is_id (candidate));
  return candidate;
}

/* Checks each person against the station's people and the lines before; returns the payloads
 * of those to add. */
static GPtrArray *
plan_additions (GPtrArray           *people,
                VtConfig            *config,
                VtStaffImportReport *report)
{
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint role_line[VT_N_ROLES] = { 0 };

  for (guint i = 0; i < people->len; i++)
    {
      Person *person = g_ptr_array_index (people, i);
      g_autofree char *key = fold (person->name);
      const VtPerson *existing = find_named (config, person->name);
      guint earlier = GPOINTER_TO_UINT (g_hash_table_lookup (names, key));
      const VtPerson *holder;
      g_autofree char *id = NULL;
      JsonObject *payload;

      if (earlier != 0)
        {
          add_problem (report, person->line,
                       _("%s is already on line %u; a person is listed once. Delete one of "
                         "the lines, or write the names so that two people of the same name "
                         "can be told apart."), person->name, earlier);
          continue;
        }
      g_hash_table_insert (names, g_steal_pointer (&key), GUINT_TO_POINTER (person->line));

      if (existing != NULL)
        {
          if (existing->role == person->role)
            report->n_already++;
          else
            add_problem (report, person->line,
                         _("%s is already among the station's people, as %s. Write that role, "
                           "or delete the line; if this is someone else of the same name, "
                           "write the names so that they can be told apart."), existing->name,
                         vt_role_get_label (existing->role));
          continue;
        }

      /* The board has one chair and at most one deputy chair. */
      holder = person->role == VT_ROLE_LEDER || person->role == VT_ROLE_NESTLEDER
                 ? find_in_role (config, person->role) : NULL;
      if (holder != NULL)
        {
          add_problem (report, person->line,
                       person->role == VT_ROLE_LEDER
                         ? _("the board already has its chair, %s, and has only one. Give %s "
                             "another role, or delete the line.")
                         : _("the board already has its deputy chair, %s, and has only one. "
                             "Give %s another role, or delete the line."),
                       holder->name, person->name);
          continue;
        }
      if ((person->role == VT_ROLE_LEDER || person->role == VT_ROLE_NESTLEDER) &&
          role_line[person->role] != 0)
        {
          add_problem (report, person->line,
                       _("line %u already names someone in the role %s, and the board has only "
                         "one. Give one of them another role."), role_line[person->role],
                       vt_role_get_label (person->role));
          continue;
        }
      role_line[person->role] = person->line;

      id = make_id (person->name, config, ids);
      payload = json_object_new ();
      json_object_set_string_member (payload, "person", id);
      json_object_set_string_member (payload, "name", person->name);
      json_object_set_string_member (payload, "role", vt_role_to_string (person->role));
      if (person->table != NULL)
        json_object_set_string_member (payload, "table", person->table);
      if (person->shift != NULL)
        json_object_set_string_member (payload, "shift", person->shift);
      g_ptr_array_add (payloads, payload);
    }
  return g_steal_pointer (&payloads);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const VtStaffProblem *pa = *(VtStaffProblem * const *)a;
  const VtStaffProblem *pb = *(VtStaffProblem * const *)b;

  return (pa->line > pb->line) - (pa->line < pb->line);
}

static gboolean
refuse_if_problems (VtStaffImportReport *report,
                    GError             **error)
{
  guint n = report->problems->len;

  if (n == 0)
    return FALSE;
  /* A stable sort: a line's own problems stay in the order they were found. */
  g_ptr_array_sort (report->problems, compare_problems);
  g_set_error (error, VT_STAFF_IMPORT_ERROR, VT_STAFF_IMPORT_ERROR_REFUSED,
               ngettext ("The staff list was not imported: %u problem needs correcting in the "
                         "file. Nothing was added.",
                         "The staff list was not imported: %u problems need correcting in the "
                         "file. Nothing was added.", n), n);
  return TRUE;
}

GPtrArray *
vt_staff_list_read (const char          *data,
                    gsize                length,
                    VtConfig            *config,
                    VtStaffImportReport *report,
                    GError             **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify)person_free);
  g_autoptr(GArray) columns = NULL;
  g_autoptr(GPtrArray) payloads = NULL;
  g_autofree char *text = NULL;
  Record *header;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (VT_IS_CONFIG (config), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  vt_staff_import_report_clear (report);
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)problem_free);

  text = decode (data != NULL ? data : "", length, report);
  if (text == NULL)
    {
      refuse_if_problems (report, error);
      return NULL;
    }
  report->separator = detect_separator (text);
  records = split_records (text, report->separator, report);
  if (records == NULL || records->len == 0)
    {
      if (!refuse_if_problems (report, error))
        g_set_error (error, VT_STAFF_IMPORT_ERROR, VT_STAFF_IMPORT_ERROR_EMPTY,
                     _("The staff list is empty: it needs a header row, then one line per "
                       "person."));
      return NULL;
    }

  header = g_ptr_array_index (records, 0);
  columns = read_header (header, report);
  if (columns == NULL)
    {
      refuse_if_problems (report, error);
      return NULL;
    }

  for (guint i = 1; i < records->len; i++)
    {
      Record *record = g_ptr_array_index (records, i);
      Person *person;

      if (record_is_blank (record))
        continue;
      person = read_person (record, header, columns, config, report);
      report->n_people++;
      if (person != NULL)
        g_ptr_array_add (people, person);
    }
  if (report->n_people == 0)
    {
      g_set_error (error, VT_STAFF_IMPORT_ERROR, VT_STAFF_IMPORT_ERROR_EMPTY,
                   _("The staff list names nobody: under its header row there are no lines "
                     "with people."));
      return NULL;
    }

  payloads = plan_additions (people, config, report);
  if (refuse_if_problems (report, error))
    return NULL;
  return g_steal_pointer (&payloads);
}

gboolean
vt_staff_import (VtStation           *station,
                 const char          *path,
                 VtStaffImportReport *report,
                 GError             **error)
{
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *command_id = NULL;
  g_autofree char *uuid = NULL;
  gsize length = 0;

  g_return_val_if_fail (VT_IS_STATION (station), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  vt_staff_import_report_clear (report);
  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, VT_STAFF_IMPORT_ERROR, VT_STAFF_IMPORT_ERROR_READ,
                   _("The staff list “%s” cannot be read: %s"), path, local_error->message);
      return FALSE;
    }
  if (length > MAX_FILE_BYTES)
    {
      g_set_error (error, VT_STAFF_IMPORT_ERROR, VT_STAFF_IMPORT_ERROR_READ,
                   _("“%s” is too large to be a station's staff list; choose the station's "
                     "own list."), path);
      return FALSE;
    }

  payloads = vt_staff_list_read (data, length, vt_station_get_config (station), report, error);
  if (payloads == NULL)
    return FALSE;
  if (payloads->len == 0)
    return TRUE;

  /* One command for the whole list: every person is checked by the rules, and all are
   * written in one transaction or none. */
  uuid = g_uuid_string_random ();
  command_id = g_strdup_printf ("staff-import:%s", uuid);
  entries = vt_station_execute_all (station, command_id, VT_KIND_PERSON_ADD,
                                    vt_station_get_actor (station), payloads, error);
  if (entries == NULL)
    return FALSE;
  report->n_added = entries->len;
  return TRUE;
}
