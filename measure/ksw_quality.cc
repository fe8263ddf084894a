// The KSW estimation per product, σ choice and IV, normalisation and firm-year aggregation.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

#include "measure/quality.h"

namespace tradedig::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Instrument 1 (QLP): ln p of the same firm-destination-product-mode in t−1. The panel is sorted
// by (firm, dest, product, mode, year), so the lag is the previous row when the keys match.
std::vector<double> lagged_log_price(const KswPanel& p, const std::vector<double>& lnp) {
  std::vector<double> z(p.size(), kNaN);
  for (size_t i = 1; i < p.size(); ++i)
    if (p.firm[i] == p.firm[i - 1] && p.dest[i] == p.dest[i - 1] && p.product[i] == p.product[i - 1] &&
        p.mode[i] == p.mode[i - 1] && p.year[i] == p.year[i - 1] + 1)
      z[i] = lnp[i - 1];
  return z;
}

// Instrument 2 (QOP): the firm's mean ln p of the same product in the same year in the other
// destinations (leave-own-destination-out; all its modes there are left out too).
std::vector<double> other_destination_log_price(const KswPanel& p, const std::vector<double>& lnp) {
  std::vector<uint32_t> ord(p.size());
  std::iota(ord.begin(), ord.end(), 0u);
  std::sort(ord.begin(), ord.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(p.firm[a], p.product[a], p.year[a], p.dest[a]) < std::tie(p.firm[b], p.product[b], p.year[b], p.dest[b]);
  });
  std::vector<double> z(p.size(), kNaN);
  size_t a = 0;
  while (a < ord.size()) {
    size_t b = a;
    double s = 0;
    while (b < ord.size() && p.firm[ord[b]] == p.firm[ord[a]] && p.product[ord[b]] == p.product[ord[a]] &&
           p.year[ord[b]] == p.year[ord[a]]) {
      s += lnp[ord[b]];
      ++b;
    }
    for (size_t d0 = a; d0 < b;) {
      size_t d1 = d0;
      double sd = 0;
      while (d1 < b && p.dest[ord[d1]] == p.dest[ord[d0]]) sd += lnp[ord[d1++]];
      size_t others = (b - a) - (d1 - d0);
      if (others > 0)
        for (size_t k = d0; k < d1; ++k) z[ord[k]] = (s - sd) / static_cast<double>(others);
      d0 = d1;
    }
    a = b;
  }
  return z;
}

struct IvEstimate {
  double sigma = kNaN, f = 0;
  int64_t rows = 0;
};

// Just-identified 2SLS of ln q on ln p with destination-year effects, on the product's rows
// [first, last) of `ord` (sorted by dest, year) that have an instrument. σ̂ = −β̂.
IvEstimate iv_sigma(const std::vector<uint32_t>& ord, size_t first, size_t last, const KswPanel& p,
                    const std::vector<double>& lnq, const std::vector<double>& lnp, const std::vector<double>& z) {
  IvEstimate est;
  double szy = 0, szx = 0, szz = 0, sxx = 0;
  int64_t groups = 0;
  for (size_t a = first; a < last;) {
    size_t b = a;
    double my = 0, mx = 0, mz = 0;
    int64_t n = 0;
    while (b < last && p.dest[ord[b]] == p.dest[ord[a]] && p.year[ord[b]] == p.year[ord[a]]) {
      uint32_t i = ord[b++];
      if (std::isnan(z[i])) continue;
      my += lnq[i];
      mx += lnp[i];
      mz += z[i];
      ++n;
    }
    if (n > 1) {  // a one-row cell is absorbed entirely by its fixed effect
      my /= static_cast<double>(n);
      mx /= static_cast<double>(n);
      mz /= static_cast<double>(n);
      for (size_t k = a; k < b; ++k) {
        uint32_t i = ord[k];
        if (std::isnan(z[i])) continue;
        double dy = lnq[i] - my, dx = lnp[i] - mx, dz = z[i] - mz;
        szy += dz * dy;
        szx += dz * dx;
        szz += dz * dz;
        sxx += dx * dx;
      }
      est.rows += n;
      ++groups;
    }
    a = b;
  }
  if (est.rows == 0 || szz <= 0 || szx == 0) return est;
  est.sigma = -szy / szx;
  // First-stage F for one instrument: π̂² Σz̃² / s², with s² = RSS / (n − groups − 1).
  double pi = szx / szz;
  double rss = sxx - pi * szx;
  double df = static_cast<double>(est.rows - groups - 1);
  if (df > 0 && rss > 0) est.f = pi * pi * szz / (rss / df);
  return est;
}

}  // namespace

QualityResult estimate_quality(const KswPanel& p, const std::vector<std::string>& product_codes, const QualitySpec& spec) {
  const size_t n = p.size();
  QualityResult r;
  r.sigma.assign(n, kNaN);
  r.residual.assign(n, kNaN);
  r.quality.assign(n, kNaN);
  r.quality_norm.assign(n, kNaN);
  r.singleton.assign(n, 0);
  r.sigma_source.assign(n, "");
  std::vector<double> lnq(n), lnp(n);
  for (size_t i = 0; i < n; ++i) {
    lnq[i] = std::log(p.quantity[i]);
    lnp[i] = std::log(p.value[i] / p.quantity[i]);
  }
  std::vector<double> z;
  if (spec.method == SigmaMethod::kIvLaggedPrice) z = lagged_log_price(p, lnp);
  if (spec.method == SigmaMethod::kIvOtherDestinations) z = other_destination_log_price(p, lnp);

  std::vector<uint32_t> ord(n);
  std::iota(ord.begin(), ord.end(), 0u);
  std::sort(ord.begin(), ord.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(p.product[a], p.dest[a], p.year[a]) < std::tie(p.product[b], p.dest[b], p.year[b]);
  });

  for (size_t first = 0; first < n;) {
    const int32_t prod = p.product[ord[first]];
    size_t last = first;
    while (last < n && p.product[ord[last]] == prod) ++last;
    const std::string& hs = product_codes[static_cast<size_t>(prod)];

    ProductSigma ps{prod, spec.constant, "constant", 0, 0, 0};
    auto from_table_or_constant = [&](const char* table_label, const char* constant_label) {
      if (spec.table)
        if (auto s = spec.table->lookup(hs)) {
          ps.sigma = *s;
          ps.source = table_label;
          return;
        }
      ps.sigma = spec.constant;
      ps.source = constant_label;
    };
    if (spec.method == SigmaMethod::kTable) {
      from_table_or_constant("table", "fallback:constant");
    } else if (spec.method == SigmaMethod::kIvLaggedPrice || spec.method == SigmaMethod::kIvOtherDestinations) {
      IvEstimate iv = iv_sigma(ord, first, last, p, lnq, lnp, z);
      ps.iv_rows = iv.rows;
      ps.first_stage_f = iv.f;
      ps.sigma_iv = iv.sigma;
      // Fallback when the IV cannot be trusted: too few rows, a weak first stage, or σ̂ ≤ 1
      // (quality divides by σ − 1). Then Broda–Weinstein, then the constant.
      if (iv.rows >= spec.iv_min_rows && iv.f >= spec.iv_min_first_stage_f && iv.sigma > 1) {
        ps.sigma = iv.sigma;
        ps.source = "iv";
      } else {
        from_table_or_constant("fallback:table", "fallback:constant");
      }
    }
    if (std::string_view(ps.source).starts_with("fallback")) ++r.products_fallback;
    if (ps.sigma > spec.cap) {
      ps.sigma = spec.cap;
      ++r.products_capped;
    }
    r.products.push_back(ps);

    // ε̂ = y − mean of y in the product's (d,t) cell, y = ln q + σ ln p.
    const double sigma = ps.sigma;
    double qmin = std::numeric_limits<double>::infinity(), qmax = -qmin;
    for (size_t a = first; a < last;) {
      size_t b = a;
      double my = 0;
      while (b < last && p.dest[ord[b]] == p.dest[ord[a]] && p.year[ord[b]] == p.year[ord[a]]) {
        uint32_t i = ord[b++];
        my += lnq[i] + sigma * lnp[i];
      }
      my /= static_cast<double>(b - a);
      const bool single = b - a == 1;
      for (size_t k = a; k < b; ++k) {
        uint32_t i = ord[k];
        r.sigma[i] = sigma;
        r.sigma_source[i] = ps.source;
        r.singleton[i] = single;
        r.residual[i] = single ? 0.0 : lnq[i] + sigma * lnp[i] - my;
        if (single) ++r.singleton_rows;
        if (single && !spec.keep_singletons) continue;
        r.quality[i] = r.residual[i] / (sigma - 1.0);
        qmin = std::min(qmin, r.quality[i]);
        qmax = std::max(qmax, r.quality[i]);
      }
      a = b;
    }
    // Shi & Shao (2014): min-max within product; a product whose qualities are all equal has none.
    if (qmax > qmin)
      for (size_t k = first; k < last; ++k) {
        uint32_t i = ord[k];
        if (!std::isnan(r.quality[i])) {
          r.quality_norm[i] = (r.quality[i] - qmin) / (qmax - qmin);
          ++r.rows_with_quality;
        }
      }
    first = last;
  }
  return r;
}

std::vector<db::FirmYearValue> aggregate_firm_year(const KswPanel& p, const QualityResult& q, bool normalised) {
  const std::vector<double>& r = normalised ? q.quality_norm : q.quality;
  // The panel is sorted by firm first; years interleave within a firm, so accumulate per year.
  std::vector<db::FirmYearValue> out;
  size_t a = 0;
  while (a < p.size()) {
    size_t b = a;
    while (b < p.size() && p.firm[b] == p.firm[a]) ++b;
    int16_t y0 = p.year[a], y1 = p.year[a];
    for (size_t i = a; i < b; ++i) {
      y0 = std::min(y0, p.year[i]);
      y1 = std::max(y1, p.year[i]);
    }
    std::vector<double> num(static_cast<size_t>(y1 - y0 + 1), 0.0), den(num.size(), 0.0);
    for (size_t i = a; i < b; ++i) {
      if (std::isnan(q.quality_norm[i])) continue;
      size_t t = static_cast<size_t>(p.year[i] - y0);
      num[t] += p.value[i] * r[i];
      den[t] += p.value[i];
    }
    for (size_t t = 0; t < num.size(); ++t)
      if (den[t] > 0) out.push_back({p.firm[a], static_cast<int16_t>(y0 + static_cast<int16_t>(t)), num[t] / den[t]});
    a = b;
  }
  return out;
}

std::vector<db::QualityRow> quality_rows(const KswPanel& p, const QualityResult& q) {
  std::vector<db::QualityRow> rows(p.size());
  for (size_t i = 0; i < p.size(); ++i)
    rows[i] = {p.firm[i], p.dest[i], p.product[i], p.mode[i], p.year[i], p.value[i], p.quantity[i], q.sigma[i],
               q.residual[i], q.quality[i], q.quality_norm[i], q.sigma_source[i], q.singleton[i] != 0};
  return rows;
}

}  // namespace tradedig::measure
