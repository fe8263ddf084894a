// Elasticity files: Broda–Weinstein HS3 (shipped in measure/data/elasticities) and user HS4 files.
#include <fmt/format.h>

#include "db/table_reader.h"
#include "measure/quality.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

int find_column(const std::vector<std::string>& cols, std::initializer_list<const char*> names) {
  for (const char* n : names)
    for (size_t j = 0; j < cols.size(); ++j)
      if (iequals(cols[j], n)) return static_cast<int>(j);
  return -1;
}

std::string digits_only(std::string_view s) {
  std::string d;
  for (char ch : s)
    if (ch >= '0' && ch <= '9') d += ch;
  return d;
}

}  // namespace

std::optional<double> SigmaTable::lookup(const std::string& hs8) const {
  if (hs8.size() < static_cast<size_t>(digits)) return std::nullopt;
  auto it = sigma.find(hs8.substr(0, static_cast<size_t>(digits)));
  if (it == sigma.end()) return std::nullopt;
  return it->second;
}

SigmaTable load_bw_hs3(const std::string& path, const std::string& iso3) {
  auto r = db::open_table(path);
  const auto& cols = r->columns();
  int c_iso = find_column(cols, {"iso3c", "iso3", "country"}), c_hs = find_column(cols, {"HS0_3d", "hs3", "hs_3digit"}),
      c_sigma = find_column(cols, {"sigma"});
  if (c_iso < 0 || c_hs < 0 || c_sigma < 0)
    throw UserError(fmt::format("{} does not look like the Broda-Weinstein HS3 file (iso3c, HS0_3d, sigma)", path));
  SigmaTable t;
  t.digits = 3;
  t.source = "bw-hs3";
  std::vector<std::string_view> f;
  int64_t where;
  while (r->next(f, where)) {
    if (trim(f[static_cast<size_t>(c_iso)]) != iso3) continue;
    auto s = parse_double(f[static_cast<size_t>(c_sigma)]);
    std::string hs = digits_only(f[static_cast<size_t>(c_hs)]);
    while (hs.size() < 3) hs = "0" + hs;
    if (s) t.sigma[hs] = *s;
  }
  if (t.sigma.empty()) throw UserError(fmt::format("{} has no elasticities for {}", path, iso3));
  return t;
}

SigmaTable load_sigma_file(const std::string& path, int digits) {
  auto r = db::open_table(path);
  const auto& cols = r->columns();
  int c_hs = find_column(cols, {"hs4", "hs", "hscode", "hs_code", "hs6", "hs3", "product"}),
      c_sigma = find_column(cols, {"sigma", "elasticity", "sigma_hs4"});
  if (c_hs < 0 || c_sigma < 0)
    throw UserError(fmt::format("{} needs an HS column (hs4, hs, hscode) and a sigma column", path));
  SigmaTable t;
  t.digits = digits;
  t.source = fmt::format("file-hs{}", digits);
  std::vector<std::string_view> f;
  int64_t where;
  while (r->next(f, where)) {
    auto s = parse_double(f[static_cast<size_t>(c_sigma)]);
    if (!s) throw UserError(fmt::format("{}:{}: sigma '{}' is not a number", path, where, f[static_cast<size_t>(c_sigma)]));
    std::string hs = digits_only(f[static_cast<size_t>(c_hs)]);
    if (hs.size() % 2 == 1) hs = "0" + hs;  // HS codes lose a leading zero in numeric columns
    if (hs.size() < static_cast<size_t>(digits))
      throw UserError(fmt::format("{}:{}: HS code '{}' has fewer than {} digits", path, where, hs, digits));
    t.sigma[hs.substr(0, static_cast<size_t>(digits))] = *s;
  }
  if (t.sigma.empty()) throw UserError(fmt::format("{} has no rows", path));
  return t;
}

}  // namespace tradedig::measure
