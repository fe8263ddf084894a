#include "measure/destination_controls.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>
#include <tuple>

#include "db/table_reader.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int find_column(const std::vector<std::string>& cols, std::initializer_list<const char*> names) {
  for (const char* n : names)
    for (size_t j = 0; j < cols.size(); ++j)
      if (iequals(trim(cols[j]), n)) return static_cast<int>(j);
  return -1;
}

std::string_view field(const std::vector<std::string_view>& f, int col) {
  return col >= 0 && static_cast<size_t>(col) < f.size() ? trim(f[static_cast<size_t>(col)]) : std::string_view();
}

bool is_missing_marker(std::string_view s) {
  return s.empty() || s == ".." || s == "." || iequals(s, "NA") || iequals(s, "N/A");
}

// A positive number, NaN for a missing value; throws for anything else.
double parse_positive(std::string_view s, const db::TableReader& r, int64_t where, const char* what) {
  if (is_missing_marker(s)) return kNaN;
  auto v = parse_double(s);
  if (!v) throw UserError(fmt::format("{}:{}: {} '{}' is not a number", r.path(), where, what, s));
  if (!(*v > 0)) throw UserError(fmt::format("{}:{}: {} '{}' is not positive", r.path(), where, what, s));
  return *v;
}

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

std::string key_of(std::string_view s) { return to_lower_ascii(trim(s)); }

// Indices of the rows with value > 0.
std::vector<uint32_t> exporting_rows(const db::CustomsColumns& c) {
  std::vector<uint32_t> ord;
  ord.reserve(c.size());
  for (size_t i = 0; i < c.size(); ++i)
    if (c.value[i] > 0) ord.push_back(static_cast<uint32_t>(i));
  return ord;
}

}  // namespace

PriceDispersion price_dispersion_control(const db::CustomsColumns& c) {
  PriceDispersion out;
  std::vector<uint32_t> ord = exporting_rows(c);
  // 1. CV of unit values per (dest, product, year) cell, attached to every row of the cell.
  std::sort(ord.begin(), ord.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(c.dest[a], c.product[a], c.year[a]) < std::tie(c.dest[b], c.product[b], c.year[b]);
  });
  std::vector<double> row_cv(c.size(), kNaN);
  std::vector<double> prices;
  for (size_t a = 0; a < ord.size();) {
    const uint32_t i0 = ord[a];
    size_t b = a;
    while (b < ord.size() && c.dest[ord[b]] == c.dest[i0] && c.product[ord[b]] == c.product[i0] && c.year[ord[b]] == c.year[i0]) ++b;
    prices.clear();
    for (size_t k = a; k < b; ++k) {
      const uint32_t i = ord[k];
      const double q = c.quantity[i];
      if (std::isfinite(q) && q > 0)
        prices.push_back(c.value[i] / q);
      else
        ++out.rows_without_price;
    }
    if (!prices.empty()) ++out.cells;
    if (prices.size() >= 2) {
      ++out.cells_with_cv;
      const double n = static_cast<double>(prices.size());
      double mean = 0;
      for (double p : prices) mean += p;
      mean /= n;
      double ss = 0;
      for (double p : prices) ss += (p - mean) * (p - mean);
      const double cv = std::sqrt(ss / (n - 1)) / mean;
      for (size_t k = a; k < b; ++k) row_cv[ord[k]] = cv;
    }
    a = b;
  }
  // 2. Value-weighted mean over each firm-year's rows; all rows of a firm-year's destination-product
  //    share one cell, so weighting rows by value weights destination-products by their export value.
  std::sort(ord.begin(), ord.end(), [&](uint32_t a, uint32_t b) { return std::tie(c.firm[a], c.year[a]) < std::tie(c.firm[b], c.year[b]); });
  for (size_t a = 0; a < ord.size();) {
    const int32_t f = c.firm[ord[a]];
    const int16_t t = c.year[ord[a]];
    double num = 0, den = 0;
    size_t b = a;
    for (; b < ord.size() && c.firm[ord[b]] == f && c.year[ord[b]] == t; ++b) {
      const uint32_t i = ord[b];
      if (std::isnan(row_cv[i])) continue;
      num += c.value[i] * row_cv[i];
      den += c.value[i];
    }
    const double v = den > 0 ? num / den : kNaN;
    if (std::isnan(v)) ++out.firm_years_without;
    out.lnsdp.push_back({f, t, v});
    a = b;
  }
  return out;
}

WdiTable load_wdi(const std::string& path) {
  auto r = db::open_table(path);
  const auto& cols = r->columns();
  std::vector<int> key_cols;
  for (const char* n : {"dest", "destination", "country", "country_name", "countryname", "country name", "iso3", "iso3c",
                        "iso", "country_code", "countrycode", "country code", "code"}) {
    int j = find_column(cols, {n});
    if (j >= 0 && std::find(key_cols.begin(), key_cols.end(), j) == key_cols.end()) key_cols.push_back(j);
  }
  const int c_year = find_column(cols, {"year", "yr", "time"});
  const int c_gdp = find_column(cols, {"gdp", "gdp_usd", "gdp_current_usd", "ny.gdp.mktp.cd"});
  const int c_pc = find_column(cols, {"gdp_pc", "gdppc", "gdp_per_capita", "gdppercapita", "gdp per capita", "pcgdp", "ny.gdp.pcap.cd"});
  if (key_cols.empty() || c_year < 0 || c_gdp < 0 || c_pc < 0)
    throw UserError(fmt::format(
        "{} needs a destination column (country, iso3 or dest, named as customs destinations are), a year column, "
        "a gdp column and a gdp_pc column",
        path));
  WdiTable t;
  t.path = path;
  std::vector<std::string_view> f;
  int64_t where = 0;
  while (r->next(f, where)) {
    bool any_key = false;
    for (int kc : key_cols) any_key |= !field(f, kc).empty();
    if (!any_key) continue;  // a blank or footer line (WDI downloads end with "Data from database: ...")
    const auto year_text = field(f, c_year);
    const auto year = parse_year(year_text);
    if (!year) throw UserError(fmt::format("{}:{}: year '{}' is not a year", path, where, year_text));
    const WdiTable::Entry e{parse_positive(field(f, c_gdp), *r, where, "gdp"), parse_positive(field(f, c_pc), *r, where, "gdp_pc")};
    for (int kc : key_cols) {
      const auto k = field(f, kc);
      if (k.empty()) continue;
      auto [it, inserted] = t.by_key[key_of(k)].emplace(*year, e);
      if (!inserted && !(same_value(it->second.gdp, e.gdp) && same_value(it->second.gdp_pc, e.gdp_pc)))
        throw UserError(fmt::format("{}:{}: '{}' in {} appears twice with different values", path, where, k, *year));
    }
    ++t.rows;
  }
  if (t.rows == 0) throw UserError(fmt::format("{} has no rows", path));
  return t;
}

GdpControls gdp_controls(const db::CustomsColumns& c, const WdiTable& wdi) {
  GdpControls out;
  // The file's years for each customs destination code (nullptr when the file does not name it).
  std::vector<const std::map<int, WdiTable::Entry>*> years_of(c.dest_names.size(), nullptr);
  for (size_t d = 0; d < c.dest_names.size(); ++d) {
    auto it = wdi.by_key.find(key_of(c.dest_names[d]));
    if (it != wdi.by_key.end()) years_of[d] = &it->second;
  }
  std::vector<uint32_t> ord = exporting_rows(c);
  std::vector<bool> counted(c.dest_names.size(), false);
  for (uint32_t i : ord) {
    const auto d = static_cast<size_t>(c.dest[i]);
    if (counted[d] || years_of[d]) continue;
    counted[d] = true;
    ++out.dests_not_in_file;
    if (out.dest_names_not_in_file.size() < 10) out.dest_names_not_in_file.push_back(c.dest_names[d]);
  }
  std::sort(ord.begin(), ord.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(c.firm[a], c.year[a], c.dest[a]) < std::tie(c.firm[b], c.year[b], c.dest[b]);
  });
  for (size_t a = 0; a < ord.size();) {
    const int32_t f = c.firm[ord[a]];
    const int16_t t = c.year[ord[a]];
    double num_g = 0, den_g = 0, num_p = 0, den_p = 0;
    size_t b = a;
    while (b < ord.size() && c.firm[ord[b]] == f && c.year[ord[b]] == t) {
      const int32_t d = c.dest[ord[b]];
      double w = 0;
      for (; b < ord.size() && c.firm[ord[b]] == f && c.year[ord[b]] == t && c.dest[ord[b]] == d; ++b) w += c.value[ord[b]];
      double gdp = kNaN, pc = kNaN;
      if (const auto* ys = years_of[static_cast<size_t>(d)]) {
        auto it = ys->find(t);
        if (it != ys->end()) gdp = it->second.gdp, pc = it->second.gdp_pc;
      }
      ++out.pairs;
      out.value += w;
      if (std::isnan(gdp)) {
        ++out.pairs_without_gdp;
        out.value_without_gdp += w;
      } else {
        num_g += w * std::log(gdp);
        den_g += w;
      }
      if (std::isnan(pc)) {
        ++out.pairs_without_gdp_pc;
        out.value_without_gdp_pc += w;
      } else {
        num_p += w * std::log(pc);
        den_p += w;
      }
    }
    const double g = den_g > 0 ? num_g / den_g : kNaN, p = den_p > 0 ? num_p / den_p : kNaN;
    out.firm_years_without_gdp += std::isnan(g);
    out.firm_years_without_gdp_pc += std::isnan(p);
    out.lngdp.push_back({f, t, g});
    out.lnpgp.push_back({f, t, p});
    a = b;
  }
  return out;
}

}  // namespace tradedig::measure
