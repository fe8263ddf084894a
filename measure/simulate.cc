#include "measure/simulate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <tuple>

#include <fmt/format.h>

#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

// Real HS8 codes whose HS3 headings have a Broda–Weinstein σ for China, so QBW applies.
const char* kProducts[] = {"61091000", "61102000", "62034200", "62046200", "64039900", "85044099", "85164000",
                           "85167100", "85287200", "94036000", "94054090", "39269090", "73239300", "84151010",
                           "84182110", "84713000", "85076000", "85171200", "87120030", "95030089", "42022200",
                           "63026000", "69111000", "70133700", "76151010", "82119100", "83024900", "84672100",
                           "85131010", "90049090", "96032100", "44219090", "48191000", "52085200", "54076100",
                           "55151100", "60063200", "61044300", "62019300", "63079000"};
const char* kDests[] = {"美国", "日本", "韩国", "德国", "英国", "中国香港", "越南", "俄罗斯", "巴西", "澳大利亚",
                        "法国", "意大利", "荷兰", "加拿大", "印度", "新加坡", "马来西亚", "泰国", "墨西哥", "阿联酋",
                        "西班牙", "印度尼西亚", "菲律宾", "沙特阿拉伯", "南非", "土耳其", "波兰", "比利时", "智利", "埃及"};
const char* kModes[] = {"一般贸易", "进料加工贸易"};
const char* kRegions[] = {"杭州", "宁波", "温州", "绍兴", "义乌", "苏州", "无锡", "常州", "深圳", "东莞",
                          "佛山", "中山", "厦门", "泉州", "青岛", "烟台", "天津", "大连", "上海", "合肥"};
const char* kTrades[] = {"纺织", "服饰", "电器", "五金", "家具", "照明", "塑料制品", "鞋业", "玩具", "箱包"};

}  // namespace

double simulated_lndig(const SimulatedFirm& f, int year) {
  int pit = f.pit_start && f.pit_start <= year, pdo = f.pdo_start && f.pdo_start <= year,
      icp = f.icp_start && f.icp_start <= year;
  return std::log(1.0 + 4 * pit + 2 * icp + pdo);
}

Simulation simulate(const SimulationOptions& o) {
  const bool given = !o.given_firms.empty();
  const int64_t n_firms = given ? static_cast<int64_t>(o.given_firms.size()) : o.firms;
  if (n_firms < 1 || o.last_year < o.first_year) throw UserError("simulate: need at least one firm and a year range");
  const int np = std::clamp(o.products, 1, static_cast<int>(std::size(kProducts)));
  const int nd = std::clamp(o.destinations, 1, static_cast<int>(std::size(kDests)));
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> N01(0.0, 1.0);
  std::uniform_real_distribution<double> U01(0.0, 1.0);
  auto uniform_int = [&](int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); };

  Simulation s;
  auto& c = s.customs;
  for (int64_t f = 0; f < n_firms; ++f)
    c.firm_names.push_back(given ? o.given_firms[static_cast<size_t>(f)].firm_id : fmt::format("SIM{:07}", f + 1));
  for (int k = 0; k < np; ++k) c.product_codes.emplace_back(kProducts[k]);
  for (int k = 0; k < nd; ++k) c.dest_names.emplace_back(kDests[k]);
  for (const char* m : kModes) c.mode_names.emplace_back(m);
  std::sort(c.product_codes.begin(), c.product_codes.end());
  std::sort(c.dest_names.begin(), c.dest_names.end());
  std::sort(c.mode_names.begin(), c.mode_names.end());
  const int32_t ordinary = static_cast<int32_t>(std::find(c.mode_names.begin(), c.mode_names.end(), "一般贸易") - c.mode_names.begin());

  s.product_sigma.resize(static_cast<size_t>(np));
  std::vector<double> theta(static_cast<size_t>(np)), mu(static_cast<size_t>(np));
  for (int k = 0; k < np; ++k) {
    s.product_sigma[static_cast<size_t>(k)] = o.sigma > 0 ? o.sigma : 2.5 + 5.5 * U01(rng);
    theta[static_cast<size_t>(k)] = 0.5 * N01(rng);
    mu[static_cast<size_t>(k)] = 1.0 + 1.5 * U01(rng);
  }
  const int years = o.last_year - o.first_year + 1;
  // κ_cdt: product × destination × year demand shifters.
  std::vector<double> kappa(static_cast<size_t>(np * nd * years));
  for (auto& k : kappa) k = 8.0 + 0.8 * N01(rng);

  for (int64_t f = 0; f < n_firms; ++f) {
    SimulatedFirm firm;
    if (given) {
      firm = o.given_firms[static_cast<size_t>(f)];
    } else {
      firm.firm_id = c.firm_names[static_cast<size_t>(f)];
      firm.name = fmt::format("{}模拟{}{}有限公司", kRegions[f % std::size(kRegions)], f + 1, kTrades[(f / 7) % std::size(kTrades)]);
      auto adopt = [&](double prob) { return U01(rng) < prob ? uniform_int(o.first_year - 3, o.last_year) : 0; };
      firm.pit_start = adopt(0.35);
      firm.pdo_start = adopt(0.30);
      firm.icp_start = adopt(0.45);
    }
    const double a_f = 0.4 * N01(rng);
    const int entry = U01(rng) < 0.4 ? o.first_year : uniform_int(o.first_year, o.last_year);
    const int exit_year = std::min(o.last_year, entry + uniform_int(1, years));
    // The firm's products, destinations and mode mix.
    std::vector<int32_t> prods, dests;
    int n_prod = uniform_int(1, std::min(4, np)), n_dest = uniform_int(1, std::min(6, nd));
    while (static_cast<int>(prods.size()) < n_prod) {
      int32_t k = uniform_int(0, np - 1);
      if (std::find(prods.begin(), prods.end(), k) == prods.end()) prods.push_back(k);
    }
    while (static_cast<int>(dests.size()) < n_dest) {
      int32_t k = uniform_int(0, nd - 1);
      if (std::find(dests.begin(), dests.end(), k) == dests.end()) dests.push_back(k);
    }
    std::sort(prods.begin(), prods.end());
    std::sort(dests.begin(), dests.end());
    const bool processing = U01(rng) < 0.2;
    double w = 0.2 * N01(rng);
    for (int t = entry; t <= exit_year; ++t) {
      w = 0.7 * w + 0.3 * N01(rng);  // persistent cost shock: lagged price is informative
      const double lndig = simulated_lndig(firm, t);
      for (int32_t d : dests)
        for (int32_t k : prods) {
          if (U01(rng) < 0.15) continue;  // not every pair every year
          const size_t ks = static_cast<size_t>(k);
          const double sigma = s.product_sigma[ks];
          const double lnlambda = a_f + theta[ks] + o.beta_lndig * lndig + o.quality_sd * N01(rng);
          const double lnp = mu[ks] + w + o.price_sd * N01(rng);
          const double lnq = (sigma - 1) * lnlambda - sigma * lnp +
                             kappa[static_cast<size_t>((k * nd + d) * years + (t - o.first_year))] + o.demand_sd * N01(rng);
          const double q = std::exp(lnq), v = std::exp(lnq + lnp);
          const int32_t mode = processing && U01(rng) < 0.7 ? 1 - ordinary : ordinary;
          s.truth_panel.append(static_cast<int32_t>(f), d, k, mode, static_cast<int16_t>(t), v, q);
          s.true_log_quality.push_back(lnlambda);
          // Shipments: shares of value and quantity (unit values vary a little across shipments).
          int k_ship = uniform_int(1, o.max_shipments);
          std::vector<double> sv(static_cast<size_t>(k_ship)), sq(static_cast<size_t>(k_ship));
          double tv = 0, tq = 0;
          for (int m = 0; m < k_ship; ++m) {
            double share = 0.5 + U01(rng);
            sv[static_cast<size_t>(m)] = share;
            sq[static_cast<size_t>(m)] = share * std::exp(0.05 * N01(rng));
            tv += sv[static_cast<size_t>(m)];
            tq += sq[static_cast<size_t>(m)];
          }
          for (int m = 0; m < k_ship; ++m) {
            c.firm.push_back(static_cast<int32_t>(f));
            c.dest.push_back(d);
            c.product.push_back(k);
            c.mode.push_back(mode);
            c.year.push_back(static_cast<int16_t>(t));
            c.month.push_back(static_cast<int8_t>(1 + (m * 12) / k_ship));
            c.value.push_back(v * sv[static_cast<size_t>(m)] / tv);
            c.quantity.push_back(q * sq[static_cast<size_t>(m)] / tq);
          }
        }
    }
    s.firms.push_back(std::move(firm));
  }
  // The truth panel in KSW key order (firm, dest, product, mode, year) — generation order already
  // is firm-major; sort the rest.
  std::vector<size_t> ord(s.truth_panel.size());
  for (size_t i = 0; i < ord.size(); ++i) ord[i] = i;
  const auto& tp = s.truth_panel;
  std::stable_sort(ord.begin(), ord.end(), [&](size_t a, size_t b) {
    return std::tie(tp.firm[a], tp.dest[a], tp.product[a], tp.mode[a], tp.year[a]) <
           std::tie(tp.firm[b], tp.dest[b], tp.product[b], tp.mode[b], tp.year[b]);
  });
  KswPanel sorted;
  std::vector<double> truth;
  for (size_t i : ord) {
    sorted.append_row(tp, i);
    truth.push_back(s.true_log_quality[i]);
  }
  s.truth_panel = std::move(sorted);
  s.true_log_quality = std::move(truth);
  return s;
}

void write_simulation(const Simulation& s, const std::string& dir) {
  std::filesystem::create_directories(dir);
  auto open = [&](const char* name) {
    std::FILE* f = std::fopen((std::filesystem::path(dir) / name).string().c_str(), "wb");
    if (!f) throw UserError(fmt::format("cannot write {}/{}", dir, name));
    return f;
  };
  const auto& c = s.customs;
  std::FILE* f = open("firms.csv");
  std::fputs("firm_id,name_zh,synthetic,pit_start,pdo_start,icp_start\n", f);
  for (const auto& x : s.firms)
    std::fprintf(f, "%s,%s,1,%d,%d,%d\n", x.firm_id.c_str(), x.name.c_str(), x.pit_start, x.pdo_start, x.icp_start);
  std::fclose(f);
  f = open("customs.csv");
  std::fputs("企业编码,年份,月份,商品编码,目的国,贸易方式,美元,数量,计量单位,数据说明\n", f);
  for (size_t i = 0; i < c.size(); ++i)
    std::fprintf(f, "%s,%d,%d,%s,%s,%s,%s,%s,千克,模拟数据(synthetic)\n", c.firm_names[static_cast<size_t>(c.firm[i])].c_str(),
                 c.year[i], c.month[i], c.product_codes[static_cast<size_t>(c.product[i])].c_str(),
                 c.dest_names[static_cast<size_t>(c.dest[i])].c_str(), c.mode_names[static_cast<size_t>(c.mode[i])].c_str(),
                 format_double(c.value[i]).c_str(), format_double(c.quantity[i]).c_str());
  std::fclose(f);
  f = open("truth.csv");
  std::fputs("firm_id,dest,hs8,mode,year,true_log_quality,sigma,synthetic\n", f);
  const auto& t = s.truth_panel;
  for (size_t i = 0; i < t.size(); ++i)
    std::fprintf(f, "%s,%s,%s,%s,%d,%s,%s,1\n", c.firm_names[static_cast<size_t>(t.firm[i])].c_str(),
                 c.dest_names[static_cast<size_t>(t.dest[i])].c_str(), c.product_codes[static_cast<size_t>(t.product[i])].c_str(),
                 c.mode_names[static_cast<size_t>(t.mode[i])].c_str(), t.year[i], format_double(s.true_log_quality[i]).c_str(),
                 format_double(s.product_sigma[static_cast<size_t>(t.product[i])]).c_str());
  std::fclose(f);
}

}  // namespace tradedig::measure
