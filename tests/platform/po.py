"""A reader for the gettext catalogs the tests check."""

import ast
import struct


def read_po(path):
    """The entries of a .po file as dicts (msgctxt, msgid, msgid_plural, msgstr: list, flags: set,
    comments: the translator comments' lines, without "# "), header and obsolete entries left out.
    Enough of the format for gettext-written files."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and entry.get("msgid"):
                entries.append(entry)
            entry = None
            continue
        entry = entry or {"flags": set(), "msgstr": [], "comments": []}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith(("# ", "#\t")) or line == "#":
            entry["comments"].append(line[2:])
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field == "msgstr":
                entry["msgstr"][-1] += ast.literal_eval(line)
            else:
                entry[field] += ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            field = "msgstr" if keyword.startswith("msgstr") else keyword
            if field == "msgstr":
                entry["msgstr"].append(ast.literal_eval(value))
            else:
                entry[field] = ast.literal_eval(value)
    return entries


MO_MAGIC = 0x950412DE


def read_mo(path):
    """The entries of a compiled .mo file, as read_po gives them (no flags or comments: msgfmt keeps
    none), header left out. For a library that ships its catalogs compiled only (Django REST framework)."""
    data = path.read_bytes()
    order = "<" if struct.unpack("<I", data[:4])[0] == MO_MAGIC else ">"
    count, ids_at, strs_at = struct.unpack(f"{order}3I", data[8:20])

    def string(table, index):
        length, offset = struct.unpack(f"{order}2I", data[table + 8 * index : table + 8 * index + 8])
        return data[offset : offset + length].decode("utf-8")

    entries = []
    for index in range(count):
        msgid, msgstr = string(ids_at, index), string(strs_at, index)
        if not msgid:
            continue
        entry = {"flags": set(), "comments": [], "msgstr": msgstr.split("\x00")}
        if "\x04" in msgid:
            entry["msgctxt"], msgid = msgid.split("\x04", 1)
        entry["msgid"], *plural = msgid.split("\x00")
        if plural:
            entry["msgid_plural"] = plural[0]
        entries.append(entry)
    return entries
