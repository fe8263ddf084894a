// Writing CSV from the command line tools: RFC 4180 quoting and a file opened for writing with a
// clear error.
#pragma once
#include <fstream>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "util/csv_field.h"
#include "util/error.h"

namespace tradedig::cli {


// Opens `path` for writing (truncating); throws UserError naming the option and the file.
inline std::ofstream open_csv_out(const std::string& option, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw UserError(fmt::format("{} '{}': cannot open the file for writing", option, path));
  return out;
}

// Flushes and throws UserError when any write failed (a full disk must not pass silently).
inline void close_csv_out(std::ofstream& out, const std::string& option, const std::string& path) {
  out.flush();
  if (!out) throw UserError(fmt::format("{} '{}': writing failed", option, path));
  out.close();
}

}  // namespace tradedig::cli
