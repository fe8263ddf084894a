#include "measure/firm_year_vars.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <unordered_set>

namespace tradedig::measure {

CustomsFirmYear customs_firm_year_vars(const db::CustomsColumns& c, int base_year) {
  std::vector<uint32_t> ord;
  ord.reserve(c.size());
  for (size_t i = 0; i < c.size(); ++i)
    if (c.value[i] > 0) ord.push_back(static_cast<uint32_t>(i));
  std::sort(ord.begin(), ord.end(), [&](uint32_t a, uint32_t b) { return std::tie(c.firm[a], c.year[a]) < std::tie(c.firm[b], c.year[b]); });
  CustomsFirmYear out;
  std::unordered_set<uint64_t> seen_pairs;  // (dest, product) pairs of the current firm
  int32_t current_firm = -1;
  int64_t new_pairs = 0;
  std::vector<int32_t> products, dests;
  for (size_t a = 0; a < ord.size();) {
    const int32_t f = c.firm[ord[a]];
    const int16_t t = c.year[ord[a]];
    size_t b = a;
    while (b < ord.size() && c.firm[ord[b]] == f && c.year[ord[b]] == t) ++b;
    if (f != current_firm) {
      current_firm = f;
      seen_pairs.clear();
      new_pairs = 0;
    }
    double sum = 0, sumsq = 0;
    products.clear();
    dests.clear();
    for (size_t k = a; k < b; ++k) {
      uint32_t i = ord[k];
      sum += c.value[i];
      sumsq += c.value[i] * c.value[i];
      products.push_back(c.product[i]);
      dests.push_back(c.dest[i]);
      uint64_t pair = (static_cast<uint64_t>(static_cast<uint32_t>(c.dest[i])) << 32) | static_cast<uint32_t>(c.product[i]);
      if (seen_pairs.insert(pair).second && t > base_year) ++new_pairs;
    }
    const double n = static_cast<double>(b - a);
    std::sort(products.begin(), products.end());
    std::sort(dests.begin(), dests.end());
    const double n_products = static_cast<double>(std::unique(products.begin(), products.end()) - products.begin());
    const double n_dests = static_cast<double>(std::unique(dests.begin(), dests.end()) - dests.begin());
    double flex = 0;
    if (b - a > 1) {
      const double mean = sum / n;
      const double var = std::max(0.0, (sumsq - n * mean * mean) / (n - 1));
      flex = std::sqrt(var) / mean * std::log(n);
    }
    out.export_value.push_back({f, t, sum});
    out.n_shipments.push_back({f, t, n});
    out.n_products.push_back({f, t, n_products});
    out.n_destinations.push_back({f, t, n_dests});
    out.flex.push_back({f, t, flex});
    out.lncnpd.push_back({f, t, std::log1p(static_cast<double>(new_pairs))});
    a = b;
  }
  return out;
}

}  // namespace tradedig::measure
