#include "db/table_reader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "db/csv_reader.h"
#include "util/error.h"
#include "util/parse.h"
#include "util/sha256.h"

namespace tradedig::db {

std::unique_ptr<TableReader> make_dta_reader(const std::string& path);

std::unique_ptr<TableReader> open_table(const std::string& path, const ReadOptions& opts) {
  if (!std::filesystem::exists(path)) throw UserError(fmt::format("no such file: {}", path));
  std::string ext = to_lower_ascii(std::filesystem::path(path).extension().string());
  if (ext == ".dta") return make_dta_reader(path);
  ReadOptions o = opts;
  if (!o.delimiter && ext == ".tsv") o.delimiter = '\t';
  return std::make_unique<CsvReader>(path, o);
}

std::string file_sha256(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw UserError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  Sha256 h;
  std::string buf(1 << 20, '\0');
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) h.update(std::string_view(buf.data(), n));
  std::fclose(f);
  return h.hex_digest();
}

}  // namespace tradedig::db
