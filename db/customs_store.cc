#include "db/customs_store.h"

#include <algorithm>
#include <deque>
#include <tuple>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "util/progress.h"

namespace tradedig::db {
namespace {

// Codes text values as they stream in, then renumbers so codes follow sorted order.
class Dictionary {
 public:
  int32_t code(std::string_view s) {
    auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    names_.emplace_back(s);
    int32_t c = static_cast<int32_t>(names_.size() - 1);
    index_.emplace(names_.back(), c);
    return c;
  }
  // Returns the old→new code map and leaves the names sorted.
  std::vector<int32_t> sort(std::vector<std::string>& out) {
    std::vector<int32_t> order(names_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return names_[static_cast<size_t>(a)] < names_[static_cast<size_t>(b)]; });
    std::vector<int32_t> remap(names_.size());
    out.clear();
    out.reserve(names_.size());
    for (size_t k = 0; k < order.size(); ++k) {
      remap[static_cast<size_t>(order[k])] = static_cast<int32_t>(k);
      out.push_back(names_[static_cast<size_t>(order[k])]);
    }
    return remap;
  }

 private:
  std::deque<std::string> names_;  // stable addresses for the string_view keys
  std::unordered_map<std::string_view, int32_t> index_;
};

void recode(std::vector<int32_t>& codes, const std::vector<int32_t>& remap) {
  for (auto& c : codes) c = remap[static_cast<size_t>(c)];
}

const std::set<std::string>& firm_year_columns() {
  static const std::set<std::string> k = {"export_value", "n_shipments", "n_products", "n_destinations", "QSY", "QBW",
                                          "QKL", "QLP", "QOP", "flex", "lncnpd", "lnpgp", "lngdp", "lnsdp",
                                          // firm controls and heterogeneity splits (schema v7)
                                          "lnage", "lnsca", "lncap", "lnpwa", "lnfir", "lnpro", "foe", "lninn",
                                          "size_class", "small_micro", "cap_intensive", "startup",
                                          "ordinary_share", "ordinary_trade", "lntfp"};
  return k;
}

}  // namespace

CustomsColumns load_customs(const Connection& c, int first_year, int last_year) {
  CustomsColumns out;
  std::string sql = "SELECT firm_id, year, month, hs8, dest, ifnull(mode, ''), value_usd, quantity FROM customs";
  if (first_year > 0) sql += fmt::format(" WHERE year BETWEEN {} AND {}", first_year, last_year);
  const int64_t n = c.query_int("SELECT count(*) FROM customs").value_or(0);
  for (auto* v : {&out.firm, &out.dest, &out.product, &out.mode}) v->reserve(static_cast<size_t>(n));
  out.year.reserve(static_cast<size_t>(n));
  out.month.reserve(static_cast<size_t>(n));
  out.value.reserve(static_cast<size_t>(n));
  out.quantity.reserve(static_cast<size_t>(n));
  Dictionary firms, dests, products, modes;
  Progress progress("load customs", "rows", static_cast<uint64_t>(n));
  auto st = c.prepare(sql);
  while (st.step()) {
    out.firm.push_back(firms.code(st.column_text(0)));
    out.year.push_back(static_cast<int16_t>(st.column_int(1)));
    out.month.push_back(static_cast<int8_t>(st.is_null(2) ? 0 : st.column_int(2)));
    out.product.push_back(products.code(st.column_text(3)));
    out.dest.push_back(dests.code(st.column_text(4)));
    out.mode.push_back(modes.code(st.column_text(5)));
    out.value.push_back(st.column_double(6));
    out.quantity.push_back(st.is_null(7) ? std::numeric_limits<double>::quiet_NaN() : st.column_double(7));
    progress.advance();
  }
  progress.finish();
  recode(out.firm, firms.sort(out.firm_names));
  recode(out.dest, dests.sort(out.dest_names));
  recode(out.product, products.sort(out.product_codes));
  recode(out.mode, modes.sort(out.mode_names));
  return out;
}

void replace_quality(Connection& c, const std::string& variant, const CustomsColumns& dict,
                     const std::vector<QualityRow>& rows, int64_t run_id) {
  // Insert in primary-key order so the B-tree only appends.
  std::vector<uint32_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto& x = rows[a];
    const auto& y = rows[b];
    return std::tie(x.firm, x.dest, x.product, x.mode, x.year) < std::tie(y.firm, y.dest, y.product, y.mode, y.year);
  });
  Transaction tx(c);
  auto del = c.prepare("DELETE FROM quality WHERE variant = ?");
  del.bind(1, variant);
  del.run();
  auto ins = c.prepare(
      "INSERT INTO quality(variant, firm_id, dest, hs8, mode, year, value_usd, quantity, sigma, sigma_source, residual, "
      "quality, quality_norm, singleton_cell, run_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Progress progress("write quality " + variant, "rows", rows.size());
  auto num = [&](int idx, double v) {
    if (std::isfinite(v)) ins.bind(idx, v);
    else ins.bind_null(idx);
  };
  for (uint32_t i : order) {
    const auto& r = rows[i];
    ins.bind_static(1, variant);
    ins.bind_static(2, dict.firm_names[static_cast<size_t>(r.firm)]);
    ins.bind_static(3, dict.dest_names[static_cast<size_t>(r.dest)]);
    ins.bind_static(4, dict.product_codes[static_cast<size_t>(r.product)]);
    ins.bind_static(5, dict.mode_names[static_cast<size_t>(r.mode)]);
    ins.bind(6, static_cast<int64_t>(r.year));
    num(7, r.value);
    num(8, r.quantity);
    num(9, r.sigma);
    ins.bind_static(10, r.sigma_source);
    num(11, r.residual);
    num(12, r.quality);
    num(13, r.quality_norm);
    ins.bind(14, static_cast<int64_t>(r.singleton));
    if (run_id > 0) ins.bind(15, run_id);
    else ins.bind_null(15);
    ins.run();
    progress.advance();
  }
  tx.commit();
  progress.finish();
}

void write_firm_year_column(Connection& c, const std::string& column, const CustomsColumns& dict,
                            const std::vector<FirmYearValue>& values, int64_t run_id) {
  if (!firm_year_columns().count(column)) throw std::invalid_argument("not a firm_year measure column: " + column);
  Transaction tx(c);
  auto up = c.prepare(fmt::format(
      "INSERT INTO firm_year(firm_id, year, {0}, run_id) VALUES (?,?,?,?) "
      "ON CONFLICT(firm_id, year) DO UPDATE SET {0} = excluded.{0}, run_id = excluded.run_id",
      quote_ident(column)));
  for (const auto& v : values) {
    up.bind_static(1, dict.firm_names[static_cast<size_t>(v.firm)]);
    up.bind(2, static_cast<int64_t>(v.year));
    if (std::isfinite(v.value)) up.bind(3, v.value);
    else up.bind_null(3);
    if (run_id > 0) up.bind(4, run_id);
    else up.bind_null(4);
    up.run();
  }
  tx.commit();
}

}  // namespace tradedig::db
