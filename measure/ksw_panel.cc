// Cleaning customs transactions and summing them to KSW observations (firm × destination × HS8 ×
// mode × year). Every step reports rows in and out, as users of customs data expect.
#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <numeric>

#include "measure/quality.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

int bits_for(size_t n) { return n <= 1 ? 1 : std::bit_width(n - 1); }

// Keeps the rows of `p` where keep[i] is true.
KswPanel select(const KswPanel& p, const std::vector<uint8_t>& keep) {
  KswPanel out;
  for (size_t i = 0; i < p.size(); ++i)
    if (keep[i]) out.append_row(p, i);
  return out;
}

// The codes of the customs firms whose text in `by_firm_id` (a name, an industry) satisfies `marks`.
template <class Marks>
std::vector<int32_t> firms_marked(const db::CustomsColumns& customs,
                                  const std::unordered_map<std::string, std::string>& by_firm_id, Marks marks) {
  std::vector<int32_t> out;
  for (size_t f = 0; f < customs.firm_names.size(); ++f) {
    auto it = by_firm_id.find(customs.firm_names[f]);
    if (it != by_firm_id.end() && marks(it->second)) out.push_back(static_cast<int32_t>(f));
  }
  return out;
}

}  // namespace

KswPanel build_ksw_panel(const db::CustomsColumns& c, const CleaningOptions& opts, std::vector<StepReport>& report) {
  const size_t n = c.size();
  std::vector<uint32_t> rows;
  rows.reserve(n);
  int64_t in = static_cast<int64_t>(n);
  for (size_t i = 0; i < n; ++i) {
    if (opts.drop_nonpositive && !(c.value[i] > 0 && c.quantity[i] > 0)) continue;  // NaN fails too
    rows.push_back(static_cast<uint32_t>(i));
  }
  report.push_back({"drop value or quantity <= 0 or missing", in, static_cast<int64_t>(rows.size())});

  if (!opts.drop_firms.empty()) {
    std::vector<uint8_t> drop(c.firm_names.size(), 0);
    for (int32_t f : opts.drop_firms) drop[static_cast<size_t>(f)] = 1;
    in = static_cast<int64_t>(rows.size());
    std::erase_if(rows, [&](uint32_t i) { return drop[static_cast<size_t>(c.firm[i])] != 0; });
    report.push_back({"drop trade intermediaries", in, static_cast<int64_t>(rows.size())});
  }

  // Sort by (firm, dest, product, mode, year), packed into one integer when the codes fit.
  const int bf = bits_for(c.firm_names.size()), bd = bits_for(c.dest_names.size()),
            bp = bits_for(c.product_codes.size()), bm = bits_for(c.mode_names.size()), by = 8;
  int16_t min_year = INT16_MAX;
  for (uint32_t i : rows) min_year = std::min(min_year, c.year[i]);
  auto key_of = [&](uint32_t i) {
    uint64_t k = static_cast<uint64_t>(c.firm[i]);
    k = (k << bd) | static_cast<uint64_t>(c.dest[i]);
    k = (k << bp) | static_cast<uint64_t>(c.product[i]);
    k = (k << bm) | static_cast<uint64_t>(c.mode[i]);
    k = (k << by) | static_cast<uint64_t>(c.year[i] - min_year);
    return k;
  };
  if (bf + bd + bp + bm + by <= 64) {
    std::vector<std::pair<uint64_t, uint32_t>> keyed(rows.size());
    for (size_t k = 0; k < rows.size(); ++k) keyed[k] = {key_of(rows[k]), rows[k]};
    std::sort(keyed.begin(), keyed.end());
    for (size_t k = 0; k < rows.size(); ++k) rows[k] = keyed[k].second;
  } else {
    std::sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
      return std::tie(c.firm[a], c.dest[a], c.product[a], c.mode[a], c.year[a]) <
             std::tie(c.firm[b], c.dest[b], c.product[b], c.mode[b], c.year[b]);
    });
  }
  KswPanel agg;
  for (size_t k = 0; k < rows.size(); ++k) {
    uint32_t i = rows[k];
    bool same = !agg.value.empty() && agg.firm.back() == c.firm[i] && agg.dest.back() == c.dest[i] &&
                agg.product.back() == c.product[i] && agg.mode.back() == c.mode[i] && agg.year.back() == c.year[i];
    if (same) {
      agg.value.back() += c.value[i];
      agg.quantity.back() += c.quantity[i];
      continue;
    }
    agg.append(c.firm[i], c.dest[i], c.product[i], c.mode[i], c.year[i], c.value[i], c.quantity[i]);
  }
  report.push_back({"sum to firm-destination-product-mode-year", static_cast<int64_t>(rows.size()),
                    static_cast<int64_t>(agg.size())});

  // Per product: trim unit values, then require enough rows.
  std::vector<std::vector<uint32_t>> by_product(c.product_codes.size());
  for (size_t i = 0; i < agg.size(); ++i) by_product[static_cast<size_t>(agg.product[i])].push_back(static_cast<uint32_t>(i));
  std::vector<uint8_t> keep(agg.size(), 1);
  if (opts.trim_low > 0 || opts.trim_high < 1) {
    std::vector<double> lp;
    for (const auto& idx : by_product) {
      if (idx.size() < 3) continue;
      lp.clear();
      for (uint32_t i : idx) lp.push_back(std::log(agg.value[i] / agg.quantity[i]));
      std::vector<double> sorted = lp;
      std::sort(sorted.begin(), sorted.end());
      const double m = static_cast<double>(sorted.size() - 1);
      double lo = sorted[static_cast<size_t>(std::floor(opts.trim_low * m))];
      double hi = sorted[static_cast<size_t>(std::ceil(opts.trim_high * m))];
      for (size_t k = 0; k < idx.size(); ++k)
        if (lp[k] < lo || lp[k] > hi) keep[idx[k]] = 0;
    }
    int64_t before = static_cast<int64_t>(agg.size());
    int64_t after = std::accumulate(keep.begin(), keep.end(), int64_t{0});
    report.push_back({"trim unit values within product", before, after});
  }
  int64_t before = std::accumulate(keep.begin(), keep.end(), int64_t{0});
  for (const auto& idx : by_product) {
    int64_t kept = 0;
    for (uint32_t i : idx) kept += keep[i];
    if (kept < opts.min_rows_per_product)
      for (uint32_t i : idx) keep[i] = 0;
  }
  int64_t after = std::accumulate(keep.begin(), keep.end(), int64_t{0});
  report.push_back({"drop products with too few rows", before, after});
  return select(agg, keep);
}

std::vector<int32_t> intermediary_firms(const db::CustomsColumns& customs,
                                        const std::unordered_map<std::string, std::string>& names) {
  // The five words of Ahn, Khandelwal & Wei (2011): importer/exporter, trading, economic trade,
  // science-and-trade, foreign economic. 工贸 ("industry and trade") names manufacturers and is not one.
  static const char* kWords[] = {"进出口", "贸易", "经贸", "科贸", "外经"};
  return firms_marked(customs, names, [](const std::string& name) {
    return std::any_of(std::begin(kWords), std::end(kWords),
                       [&](const char* w) { return name.find(w) != std::string::npos; });
  });
}

bool is_intermediary_industry(std::string_view industry, const std::vector<std::string>& divisions) {
  std::string_view s = trim(industry);
  if (!s.empty() && ((s[0] >= 'A' && s[0] <= 'T') || (s[0] >= 'a' && s[0] <= 't'))) s = trim(s.substr(1));
  auto digit = [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; };
  if (s.size() >= 2 && digit(s[0]) && digit(s[1])) {
    const std::string_view division = s.substr(0, 2);
    return std::find(divisions.begin(), divisions.end(), division) != divisions.end();
  }
  return industry.find("批发") != std::string_view::npos || industry.find("零售") != std::string_view::npos;
}

std::vector<int32_t> intermediary_firms_by_industry(const db::CustomsColumns& customs,
                                                    const std::unordered_map<std::string, std::string>& industries,
                                                    const std::vector<std::string>& divisions) {
  return firms_marked(customs, industries,
                      [&](const std::string& industry) { return is_intermediary_industry(industry, divisions); });
}

}  // namespace tradedig::measure
