// Typed reads of optional TOML keys with errors that name the file and the key (profiles, the run
// config). Include after <toml++/toml.h>; the library is header-only.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace tradedig {

// Sets `out` when `key` is present; throws UserError "<where>: <key> has the wrong type" otherwise.
// An integer is accepted where a double is asked for.
template <class T, class Table>
void read_toml_value(const Table& t, const char* key, T& out, const std::string& where) {
  const auto* n = t.get(key);
  if (!n) return;
  auto v = n->template value<T>();
  if (!v) throw UserError(where + ": " + key + " has the wrong type");
  out = *v;
}

template <class T, class Table>
void read_toml_value(const Table& t, const char* key, std::optional<T>& out, const std::string& where) {
  if (!t.get(key)) return;
  T v{};
  read_toml_value(t, key, v, where);
  out = v;
}

// Replaces `out` with the list under `key` when present; throws "<where>: <key> must be a list"
// for anything else, unless `single_ok`, when a single value counts as a one-element list.
template <class T, class Table>
void read_toml_list(const Table& t, const char* key, std::vector<T>& out, const std::string& where,
                    bool single_ok = false) {
  const auto* n = t.get(key);
  if (!n) return;
  out.clear();
  if (const auto* arr = n->as_array()) {
    for (const auto& item : *arr) {
      auto v = item.template value<T>();
      if (!v) throw UserError(where + ": " + key + " has an element of the wrong type");
      out.push_back(*v);
    }
    return;
  }
  auto v = n->template value<T>();
  if (!v || !single_ok) throw UserError(where + ": " + key + " must be a list");
  out.push_back(*v);
}

}  // namespace tradedig
