#include "pipeline/demo_world.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <random>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "crawler/adapter_profile.h"
#include "crawler/url_parts.h"
#include "db/table_reader.h"
#include "pipeline/demo_pages.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::pipeline {

namespace {

// Profile file of each crawled source (profiles/<file>); the pages are stored under the path its
// url template and query_encoding give.
const std::pair<const char*, const char*> kProfiles[] = {{"alibaba", "alibaba.toml"}, {"made-in-china", "made_in_china.toml"},
                                                         {"1688", "1688.toml"},       {"icp", "icp.toml"},
                                                         {"whois", "whois.toml"},     {"rdap", "rdap.toml"}};

const char* kEnCities[] = {"Ningbo", "Yiwu", "Dongguan", "Foshan", "Wenzhou", "Xiamen", "Qingdao", "Suzhou", "Taizhou", "Jinhua"};
const char* kZhCities[] = {"宁波", "义乌", "东莞", "佛山", "温州", "厦门", "青岛", "苏州", "台州", "金华"};
const char* kEnWords[] = {" Trading", " Import & Export", " Technology", " Industrial", " Electronics"};
const char* kZhWords[] = {"进出口", "贸易", "科技", "实业", "电子"};

uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// The firm's own random stream: depends on the seed and the firm_id only.
struct FirmRng {
  std::mt19937_64 g;
  FirmRng(uint64_t seed, const std::string& key) : g(splitmix(seed ^ stable_hash(key))) {}
  double u() { return std::uniform_real_distribution<double>(0.0, 1.0)(g); }
  int between(int a, int b) { return std::uniform_int_distribution<int>(a, b)(g); }
  bool chance(double p) { return u() < p; }
  // A start year in [lo, hi] whose density rises linearly with the year: adoption spreads over time.
  int rising_year(int lo, int hi) { return std::min(hi, lo + static_cast<int>((hi - lo + 1) * std::sqrt(u()))); }
};

std::string column_of(const std::vector<std::string>& cols, std::initializer_list<const char*> names) {
  for (const char* n : names)
    for (const auto& c : cols)
      if (iequals(c, n)) return c;
  return {};
}

// A format variant of an English firm name, as platforms print names their own way.
std::string english_variant(const std::string& name, int kind) {
  static const std::regex co_ltd(R"(,?\s*Co\.?\s*,?\s*Ltd\.?)", std::regex::icase);
  switch (kind) {
    case 0: {
      std::string up = name;
      for (char& c : up) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      return up;
    }
    case 1: return std::regex_replace(name, co_ltd, " CO.,LTD");
    case 2: return std::regex_replace(name, co_ltd, " Company Limited");
    default: {
      std::string out;
      for (char c : name)
        if (c != ',' && c != '.') out += c;
      return out;
    }
  }
}

// A near-namesake: the name with a trade word inserted before the legal suffix, or another city first.
std::string english_namesake(const std::string& name, int kind) {
  if (kind % 2 == 0) {
    size_t sp = name.find(' ');
    if (sp != std::string::npos && sp > 0) return kEnCities[(kind / 2) % std::size(kEnCities)] + name.substr(sp);
  }
  static const std::regex suffix(R"(\s+(Co\.?,?\s*Ltd\.?|Corporation|Company|Group|Limited|Inc\.?|Corp\.?)\b)", std::regex::icase);
  std::smatch m;
  const char* word = kEnWords[kind % std::size(kEnWords)];
  if (std::regex_search(name, m, suffix)) return name.substr(0, m.position(0)) + word + name.substr(m.position(0));
  return name + word + " Co., Ltd.";
}

std::string chinese_namesake(const std::string& name, int kind) {
  if (kind % 2 == 0)
    for (const char* p : {"北京", "上海", "深圳", "广州", "浙江", "江苏", "山东", "杭州", "宁波", "广东"})
      if (name.rfind(p, 0) == 0) return kZhCities[(kind / 2) % std::size(kZhCities)] + name.substr(std::string(p).size());
  for (const char* suffix : {"股份有限公司", "有限责任公司", "有限公司", "集团"}) {
    size_t at = name.rfind(suffix);
    if (at != std::string::npos && at > 0) return name.substr(0, at) + kZhWords[kind % std::size(kZhWords)] + name.substr(at);
  }
  return name + kZhWords[kind % std::size(kZhWords)] + "有限公司";
}

// Letters of the name's first distinctive English words: "Ping An Bank Co., Ltd." -> "pinganbank".
std::string domain_stem(const std::string& en) {
  static const std::set<std::string> legal = {"co",     "ltd",   "limited", "company", "corporation", "corp", "inc",
                                              "group",  "holdings", "holding", "shares", "share", "stock", "joint",
                                              "the",    "of",    "and",     "china",   "co.,ltd", "cooperation"};
  std::string stem, word;
  int words = 0;
  auto flush = [&] {
    if (!word.empty() && !legal.count(word) && words < 2 && stem.size() < 14) {
      stem += word;
      ++words;
    }
    word.clear();
  };
  for (char c : en) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) word += c;
    else if (c >= 'A' && c <= 'Z') word += static_cast<char>(c + 32);
    else flush();
  }
  flush();
  return stem.substr(0, 18);
}

std::string shop_of(const std::string& prefix, const std::string& key) {
  return fmt::format("{}{:x}", prefix, stable_hash(key) % 0xfffffffull);
}

std::string two(int v) { return fmt::format("{:02}", v); }

// The one-character province abbreviation that starts an ICP licence number ("浙ICP备...").
std::string licence_province(const std::string& area) {
  static const std::map<std::string, std::string> abbr = {
      {"北京", "京"}, {"上海", "沪"}, {"天津", "津"}, {"重庆", "渝"}, {"深圳", "粤"}, {"广东", "粤"}, {"浙江", "浙"},
      {"江苏", "苏"}, {"山东", "鲁"}, {"福建", "闽"}, {"四川", "川"}, {"湖北", "鄂"}, {"湖南", "湘"}, {"安徽", "皖"},
      {"河南", "豫"}, {"河北", "冀"}, {"辽宁", "辽"}, {"陕西", "陕"}, {"江西", "赣"}, {"广西", "桂"}, {"云南", "滇"},
      {"吉林", "吉"}, {"黑龙江", "黑"}, {"山西", "晋"}, {"贵州", "黔"}, {"新疆", "新"}, {"甘肃", "甘"}, {"内蒙", "蒙"},
      {"海南", "琼"}, {"宁夏", "宁"}, {"西藏", "藏"}, {"青海", "青"}};
  auto it = abbr.find(area);
  return it == abbr.end() ? std::string("京") : it->second;
}

struct Writer {
  DemoWorld& w;
  std::map<std::string, crawler::AdapterProfile> profiles;
  std::set<std::string> real_names;
  std::set<std::string> firm_domains;

  std::string path_for(const std::string& source, const std::string& query) {
    if (source == "made-in-china-showroom") return "/showroom/" + query;
    // WHOIS speaks port 43: the reply is the file whois/<domain>, which WhoisReplayServer serves
    // (and `tradedig replay --whois-port`).
    if (source == "whois") return "/whois/" + query;
    auto url = profiles.at(source).spec.make_request(query).url;
    auto parts = crawler::parse_url(url);
    return parts ? parts->path_and_query : std::string();
  }

  // Every path component must fit a file name (255 bytes).
  static bool storable(const std::string& path) {
    size_t start = 0;
    while (start < path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      if (end - start > 255) return false;
      start = end + 1;
    }
    // The replay server refuses any path with "..", so such a query could never be answered.
    return !path.empty() && path.find("..") == std::string::npos;
  }

  // Adds the query and its page; the page becomes a block page for a share of queries.
  void add(FirmRng& r, const std::string& source, const std::string& firm_id, const std::string& query, std::string expect,
           const std::function<std::string()>& body) {
    DemoQuery q{source, firm_id, query, path_for(source, query), std::move(expect)};
    std::string bytes;
    try {
      // A registry's rate limit passes: the crawler retries a rate-limited WHOIS domain with
      // growing pauses, so a reply blocked for good would only stall the demo's registry.
      if (r.chance(w.options.block_share) && source != "whois") {
        q.expect = "blocked";
        bytes = block_page(source == "made-in-china-showroom" ? "made-in-china" : source, r.between(0, 1));
      } else {
        q.first_429 = r.chance(w.options.first_429_share);
        bytes = body();
      }
    } catch (const UserError&) {  // a name without a GBK form cannot be asked of 1688
      ++w.skipped_queries;
      return;
    }
    if (!storable(q.path) || w.pages.count(q.path)) {  // too long a file name, or a duplicate name
      ++w.skipped_queries;
      return;
    }
    w.pages[q.path] = std::move(bytes);
    w.queries.push_back(std::move(q));
  }

  // An invented firm, not on the list, whose name is close to `zh` / `en`.
  std::pair<std::string, std::string> namesake(FirmRng& r, const DemoFirm& f) {
    for (int tries = 0; tries < 6; ++tries) {
      int kind = r.between(0, 19);
      std::string zh = chinese_namesake(f.name_zh, kind), en = english_namesake(f.name_en, kind);
      if (!real_names.count(zh) && !real_names.count(en)) return {zh, en};
    }
    return {f.name_zh + "（筹）", f.name_en + " (Preparatory)"};
  }

  void firm_pages(const DemoFirm& f, uint64_t seed);
};

void Writer::firm_pages(const DemoFirm& f, uint64_t seed) {
  const int obs = w.options.observe_year;
  FirmRng r(seed ^ 0x5eedull, f.firm_id);
  std::string city_en = f.name_en.substr(0, f.name_en.find(' '));

  // alibaba.com: the supplier search API, queried by the English name.
  {
    std::vector<DemoListing> offers;
    std::string expect = f.alibaba_year ? "hit" : "miss";
    if (f.alibaba_year) offers.push_back({f.name_en_shown, shop_of("s", f.firm_id + "ali"), city_en, obs - f.alibaba_year, false, r.chance(0.6), ""});
    if (r.chance(f.alibaba_year ? 0.35 : 0.45)) {
      for (int k = r.between(1, 2); k > 0; --k) {
        auto [zh, en] = namesake(r, f);
        offers.push_back({en, shop_of("d", en), city_en, r.chance(0.7) ? r.between(1, 18) : 0, false, r.chance(0.5), ""});
      }
      if (!f.alibaba_year) expect = "decoys";
    }
    std::shuffle(offers.begin(), offers.end(), r.g);
    if (!offers.empty() && r.chance(0.3)) {
      auto [zh, en] = namesake(r, f);
      offers.insert(offers.begin(), {en, shop_of("ad", en), city_en, r.between(3, 15), true, true, ""});
    }
    add(r, "alibaba", f.firm_id, f.name_en, expect, [&] { return alibaba_search_json(offers); });
  }
  // made-in-china.com: the search list (member type, no year) and the showroom page (Since YYYY).
  {
    std::vector<DemoListing> cards;
    std::string expect = f.mic_year ? "hit" : "miss";
    const char* types[] = {"Gold Member", "Diamond Member"};
    if (f.mic_year) cards.push_back({f.name_en_shown, shop_of("m", f.firm_id), "", 0, false, r.chance(0.5), types[r.between(0, 1)]});
    if (r.chance(f.mic_year ? 0.3 : 0.35)) {
      auto [zh, en] = namesake(r, f);
      cards.push_back({en, shop_of("md", en), "", 0, false, r.chance(0.5), types[r.between(0, 1)]});
      if (!f.mic_year) expect = "decoys";
    }
    std::shuffle(cards.begin(), cards.end(), r.g);
    if (!cards.empty() && r.chance(0.3)) {
      auto [zh, en] = namesake(r, f);
      cards.insert(cards.begin(), {en, shop_of("ma", en), "", 0, true, true, "Diamond Member"});
    }
    add(r, "made-in-china", f.firm_id, f.name_en, expect, [&] { return made_in_china_search_html(f.name_en, cards); });
    for (const auto& c : cards) {
      if (c.sponsored) continue;
      int since = c.shop == shop_of("m", f.firm_id) ? f.mic_year : r.between(2001, obs - 1);
      int founded = c.shop == shop_of("m", f.firm_id) && f.founded ? f.founded : r.between(1985, 2005);
      bool own = c.shop == shop_of("m", f.firm_id);
      add(r, "made-in-china-showroom", own ? f.firm_id : "", c.shop, own ? "hit" : "decoys",
          [&] { return made_in_china_showroom_html(c, since, std::min(founded, since)); });
    }
  }
  // 1688.com: the GBK company search, queried by the Chinese name.
  {
    std::vector<DemoListing> cards;
    std::string expect = f.pdo_year ? "hit" : "miss";
    if (f.pdo_year) cards.push_back({f.name_zh, shop_of("c", f.firm_id), f.province, obs - f.pdo_year, false, r.chance(0.3), ""});
    else if (r.chance(0.2)) {
      cards.push_back({f.name_zh, shop_of("c", f.firm_id), f.province, 0, false, false, ""});
      expect = "listed";
    }
    if (r.chance(0.35)) {
      auto [zh, en] = namesake(r, f);
      cards.push_back({zh, shop_of("cd", zh), f.province, r.chance(0.7) ? r.between(1, 16) : 0, false, r.chance(0.3), ""});
      if (expect == "miss") expect = "decoys";
    }
    std::shuffle(cards.begin(), cards.end(), r.g);
    add(r, "1688", f.firm_id, f.name_zh, expect, [&] { return s1688_search_gbk(f.name_zh, cards); });
  }
  // MIIT ICP: the firm's filing (updateRecordTime = the latest approval, years after the first
  // filing), sometimes a namesake's; and the WHOIS/RDAP reply of every domain these records name.
  {
    std::vector<DemoIcpRecord> records;
    std::vector<std::pair<std::string, int>> domains;  // domain, registration year
    auto licence = [&](int year) {
      std::string prov = licence_province(f.province);
      return year >= 2020 ? fmt::format("{}ICP备{}{:06}号", prov, year, r.between(1, 999999))
                          : fmt::format("{}ICP备{}{:06}号", prov, two(year % 100), r.between(1, 999999));
    };
    auto updated = [&](int filed) {
      int y = r.between(std::max(filed, 2016), obs - 1);
      return fmt::format("{}-{}-{} {}:{}:{}", y, two(r.between(1, 12)), two(r.between(1, 28)), two(r.between(8, 18)),
                         two(r.between(0, 59)), two(r.between(0, 59)));
    };
    std::string expect = f.icp_filing_year ? "hit" : "miss";
    if (f.icp_filing_year) records.push_back({f.name_zh, licence(f.icp_filing_year), f.domain, updated(f.icp_filing_year)});
    if (r.chance(0.2)) {
      auto [zh, en] = namesake(r, f);
      std::string d = domain_stem(en) + fmt::format("{}", r.between(1, 99)) + ".com.cn";
      int y = r.rising_year(1999, obs - 1), filed = std::min(obs - 1, std::max(2005, y + r.between(0, 2)));
      records.push_back({zh, licence(filed), d, updated(filed)});
      domains.emplace_back(d, y);
      if (expect == "miss") expect = "decoys";
    }
    add(r, "icp", f.firm_id, f.name_zh, expect, [&] { return icp_query_json(records); });
    if (!f.domain.empty()) domains.insert(domains.begin(), {f.domain, f.domain_year});
    for (size_t i = 0; i < domains.size(); ++i) {
      const auto& [d, y] = domains[i];
      std::string owner = i == 0 && d == f.domain ? f.firm_id : std::string();
      std::string registrant = owner.empty() ? records.back().unit : f.name_zh;
      std::string time = fmt::format("{}-{}-{} {}:{}:{}", y, two(r.between(2, 11)), two(r.between(2, 27)), two(r.between(8, 20)),
                                     two(r.between(0, 59)), two(r.between(0, 59)));
      if (d.size() > 3 && d.compare(d.size() - 3, 3, ".cn") == 0)
        add(r, "whois", owner, d, owner.empty() ? "decoys" : "hit", [&] { return cnnic_whois_text(d, registrant, time); });
      else
        add(r, "rdap", owner, d, owner.empty() ? "decoys" : "hit", [&] { return rdap_domain_json(d, time.substr(0, 10) + "T" + time.substr(11) + "Z"); });
    }
    // A guessed domain that does not exist: the registry's "not found" (CNNIC text; RDAP's 404 is
    // the replay server's answer for a missing file).
    if (f.domain.empty() && r.chance(0.1)) {
      std::string guess = domain_stem(f.name_en) + ".cn";
      if (guess.size() > 3 && !firm_domains.count(guess)) add(r, "whois", f.firm_id, guess, "miss", [&] { return cnnic_whois_not_found(guess); });
    }
  }
}

}  // namespace

int DemoFirm::pit_year() const {
  if (alibaba_year && mic_year) return std::min(alibaba_year, mic_year);
  return alibaba_year ? alibaba_year : mic_year;
}

int DemoFirm::icp_year() const {
  if (domain_year && icp_filing_year) return std::min(domain_year, icp_filing_year);
  return domain_year ? domain_year : icp_filing_year;
}

DemoWorld generate_demo_world(const DemoWorldOptions& opts) {
  DemoWorld w;
  w.options = opts;
  const int obs = opts.observe_year;
  if (obs < 2005) throw UserError(fmt::format("the observation year {} is before the platforms existed", obs));

  auto table = db::open_table(opts.firms_path);
  const auto& cols = table->columns();
  const std::string c_id = column_of(cols, {"firm_id", "ts_code", "id"}), c_zh = column_of(cols, {"name_zh", "fullname"}),
                    c_en = column_of(cols, {"name_en", "enname"}), c_prov = column_of(cols, {"province", "area"}),
                    c_ind = column_of(cols, {"industry"}), c_list = column_of(cols, {"list_date", "founded"});
  if (c_id.empty() || c_zh.empty() || c_en.empty())
    throw UserError(opts.firms_path + ": the firm list needs firm_id (ts_code), name_zh (fullname) and name_en (enname) columns");
  auto index = [&](const std::string& name) {
    return name.empty() ? -1 : static_cast<int>(std::find(cols.begin(), cols.end(), name) - cols.begin());
  };
  const int i_id = index(c_id), i_zh = index(c_zh), i_en = index(c_en), i_prov = index(c_prov), i_ind = index(c_ind),
            i_list = index(c_list);
  std::vector<std::string_view> fields;
  int64_t where = 0;
  auto field = [&](int i) { return i < 0 || i >= static_cast<int>(fields.size()) ? std::string() : std::string(trim(fields[i])); };

  Writer wr{w, {}, {}, {}};
  std::set<std::string> domains_taken;
  while (table->next(fields, where)) {
    if (opts.firms_limit > 0 && static_cast<int64_t>(w.firms.size()) >= opts.firms_limit) break;
    DemoFirm f;
    f.firm_id = field(i_id);
    f.name_zh = field(i_zh);
    f.name_en = field(i_en);
    if (f.firm_id.empty() || f.name_zh.empty() || f.name_en.empty()) continue;
    f.province = field(i_prov);
    f.industry = field(i_ind);
    FirmRng r(opts.seed, f.firm_id);
    auto listed = parse_year(field(i_list).substr(0, 4));
    f.founded = listed ? *listed - r.between(2, 12) : r.between(1985, 2005);
    // A latent propensity correlates the channels: digital firms tend to use several.
    const double z = 0.4 + 1.2 * r.u();
    if (r.chance(0.40 * z)) f.alibaba_year = r.rising_year(2000, obs - 4);
    if (r.chance(0.15 * z)) f.mic_year = r.rising_year(1999, obs - 4);
    if (r.chance(0.40 * z)) f.pdo_year = r.rising_year(2002, obs - 4);
    if (r.chance(std::min(0.95, 0.70 * z))) {
      f.domain_year = r.rising_year(1997, obs - 6);
      double tld = r.u();
      std::string stem = domain_stem(f.name_en);
      if (stem.size() < 3) stem = "firm" + stem;
      const char* suffix = tld < 0.35 ? ".com.cn" : tld < 0.55 ? ".cn" : ".com";
      f.domain = stem + suffix;
      if (domains_taken.count(f.domain)) {
        std::string digits;
        for (char c : f.firm_id)
          if (c >= '0' && c <= '9') digits += c;
        f.domain = stem + digits + suffix;
      }
      domains_taken.insert(f.domain);
      f.domain_via = tld < 0.55 ? "whois" : "rdap";
      // Most sites are filed with MIIT the year the domain is registered or soon after.
      // MIIT filing began in 2005, so earlier sites are filed then.
      if (r.chance(0.85))
        f.icp_filing_year = std::min(obs - 1, std::max(2005, f.domain_year + (r.chance(0.5) ? 0 : r.between(1, 2))));
    }
    f.name_en_shown = r.chance(0.5) ? f.name_en : english_variant(f.name_en, r.between(0, 3));
    wr.real_names.insert(f.name_zh);
    wr.real_names.insert(f.name_en);
    if (!f.domain.empty()) wr.firm_domains.insert(f.domain);
    w.firms.push_back(std::move(f));
  }
  if (w.firms.empty()) throw UserError(opts.firms_path + ": no firms with an id, a Chinese and an English name");
  for (const auto& [source, file] : kProfiles) {
    std::string path = (std::filesystem::path(opts.profiles_dir) / file).string();
    wr.profiles.emplace(source, crawler::load_adapter_profile(path, "http://127.0.0.1:8089,whois://127.0.0.1:4343"));
  }
  for (const auto& f : w.firms) wr.firm_pages(f, opts.seed);
  std::sort(w.firms.begin(), w.firms.end(), [](const DemoFirm& a, const DemoFirm& b) { return a.firm_id < b.firm_id; });
  return w;
}

measure::Simulation simulate_world_customs(const DemoWorld& world) {
  measure::SimulationOptions so;
  so.seed = world.options.seed;
  so.first_year = world.options.first_year;
  so.last_year = world.options.last_year;
  so.beta_lndig = world.options.beta_lndig;
  // Fewer products and destinations than measure::simulate's default, so each product-destination-
  // year cell of KSW's demand regression holds many firms: its fixed effect then absorbs little of
  // the firms' quality differences (with 2-3 firms per cell it absorbs about half of β).
  so.products = 12;
  so.destinations = 8;
  for (const auto& f : world.firms) so.given_firms.push_back({f.firm_id, f.name_zh, f.pit_year(), f.pdo_year, f.icp_year()});
  return measure::simulate(so);
}

}  // namespace tradedig::pipeline
