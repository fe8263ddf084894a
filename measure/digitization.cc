#include "measure/digitization.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

// Source names as users and adapters write them: "alibaba", "alibaba.com", "Made-in-China.com", "1688".
std::optional<Channel> membership_channel(std::string_view source) {
  std::string s = to_lower_ascii(trim(source));
  if (s.ends_with(".com")) s.resize(s.size() - 4);
  if (s == "alibaba" || s == "made-in-china" || s == "made-in-china-showroom" || s == "madeinchina" || s == "mic")
    return Channel::kPit;
  if (s == "1688") return Channel::kPdo;
  return std::nullopt;
}

// "Since 2016" → 2016 as a membership year; "6 yrs", "诚信通 5年", "5 YRS" → N years.
void read_label(std::string_view label, std::optional<int64_t>& since, std::optional<int64_t>& years) {
  std::string lower = to_lower_ascii(label);
  if (auto p = lower.find("since"); p != std::string::npos) {
    for (size_t i = p + 5; i + 4 <= lower.size(); ++i)
      if (auto y = parse_year(std::string_view(lower).substr(i, 4)); y && (i + 4 == lower.size() || !std::isdigit(static_cast<unsigned char>(lower[i + 4])))) {
        since = *y;
        return;
      }
  }
  for (size_t i = 0; i < lower.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(lower[i]))) continue;
    size_t j = i;
    while (j < lower.size() && std::isdigit(static_cast<unsigned char>(lower[j]))) ++j;
    std::string_view rest = trim(std::string_view(lower).substr(j));
    if (rest.starts_with("yr") || rest.starts_with("year") || rest.starts_with("\xE5\xB9\xB4")) {  // 年
      years = std::stoll(lower.substr(i, j - i));
      return;
    }
    i = j;
  }
}

std::optional<int> year_of(const std::optional<std::string>& date) {
  if (!date) return std::nullopt;
  return parse_year(*date);
}

}  // namespace

const char* channel_name(Channel c) {
  switch (c) {
    case Channel::kPit: return "pit";
    case Channel::kPdo: return "pdo";
    case Channel::kIcp: return "icp";
  }
  return "?";
}

int digitization_level(int pit, int pdo, int icp) { return 1 + 4 * pit + 2 * icp + pdo; }

std::optional<ChannelEvidence> evidence_of(const db::LinkedObservation& o, const DigitizationOptions& opts) {
  if (o.kind == "membership") {
    auto ch = membership_channel(o.source);
    if (!ch) return std::nullopt;
    std::optional<int64_t> since = o.member_since, years = o.years_on_platform;
    if (!since && !years && o.raw_label) read_label(*o.raw_label, since, years);
    if (since) return ChannelEvidence{*ch, static_cast<int>(*since)};
    auto seen = parse_year(o.observed_at);
    if (years && seen) return ChannelEvidence{*ch, *seen - static_cast<int>(*years) + opts.years_label_offset};
    return std::nullopt;
  }
  if (o.kind == "icp") {
    // updateRecordTime is the latest approval; the earliest approval ever seen is the best
    // available bound on the first filing.
    auto a = year_of(o.first_seen_at), b = year_of(o.approved_at);
    if (a && b) return ChannelEvidence{Channel::kIcp, std::min(*a, *b)};
    if (a || b) return ChannelEvidence{Channel::kIcp, a ? *a : *b};
    return std::nullopt;
  }
  if (o.kind == "domain") {
    if (auto y = year_of(o.registered_on)) return ChannelEvidence{Channel::kIcp, *y};
    return std::nullopt;
  }
  return std::nullopt;
}

DigitizationResult score_digitization(const std::vector<std::string>& firm_ids,
                                      const std::vector<db::LinkedObservation>& links, const DigitizationOptions& opts) {
  if (opts.first_year <= 0 || opts.last_year < opts.first_year)
    throw UserError(fmt::format("the panel years {}-{} are not a range; pass --years FIRST-LAST", opts.first_year,
                                opts.last_year));
  DigitizationResult res;
  auto& sum = res.summary;

  // Per firm and channel: the earliest start year, the observations that give it, and whether
  // any observation disagreed.
  struct Start {
    int year = 0;
    std::vector<int64_t> obs;
    bool conflict = false;
  };
  std::unordered_map<std::string, std::array<std::optional<Start>, 3>> starts;
  for (const auto& o : links) {
    auto ev = evidence_of(o, opts);
    if (!ev) {
      bool known = o.kind != "membership" || membership_channel(o.source).has_value();
      ++(known ? sum.links_without_date : sum.links_unknown_source);
      continue;
    }
    ++sum.links_used;
    auto& slot = starts[o.firm_id][static_cast<size_t>(ev->channel)];
    if (!slot) {
      slot = Start{ev->start_year, {o.obs_id}, false};
    } else if (ev->start_year == slot->year) {
      slot->obs.push_back(o.obs_id);
    } else {
      slot->conflict = true;
      if (ev->start_year < slot->year) *slot = Start{ev->start_year, {o.obs_id}, true};
    }
  }
  for (const auto& [firm, chans] : starts)
    for (const auto& s : chans)
      if (s && s->conflict) ++sum.conflicts;

  const int years = opts.last_year - opts.first_year + 1;
  res.rows.reserve(firm_ids.size() * static_cast<size_t>(years));
  for (const auto& firm : firm_ids) {
    ++sum.firms;
    const std::array<std::optional<Start>, 3>* chans = nullptr;
    if (auto it = starts.find(firm); it != starts.end()) chans = &it->second;
    std::array<std::string, 3> evidence_json;
    if (chans)
      for (size_t k = 0; k < 3; ++k)
        if ((*chans)[k]) {
          std::string ids;
          for (auto id : (*chans)[k]->obs) ids += (ids.empty() ? "" : ",") + std::to_string(id);
          evidence_json[k] = fmt::format("\"{}\":{{\"since\":{},\"obs\":[{}]}}", channel_name(static_cast<Channel>(k)),
                                         (*chans)[k]->year, ids);
        }
    for (int t = opts.first_year; t <= opts.last_year; ++t) {
      db::DigitizationRow r;
      r.firm_id = firm;
      r.year = t;
      std::array<int, 3> on{0, 0, 0};
      int used = 0;
      std::string ev;
      if (chans)
        for (size_t k = 0; k < 3; ++k)
          if ((*chans)[k] && (*chans)[k]->year <= t) {
            on[k] = 1;
            used = std::max(used, t - (*chans)[k]->year + 1);
            ev += (ev.empty() ? "" : ",") + evidence_json[k];
          }
      r.pit = on[0];
      r.pdo = on[1];
      r.icp = on[2];
      r.dig_tr = digitization_level(r.pit, r.pdo, r.icp);
      r.lndig = std::log(static_cast<double>(r.dig_tr));
      r.years_used = used;
      r.lndigs = std::log1p(static_cast<double>(used));
      if (!ev.empty()) r.evidence = "{" + ev + "}";
      ++sum.level_counts[r.dig_tr];
      ++sum.firm_years;
      if (t == opts.last_year)
        for (size_t k = 0; k < 3; ++k) sum.adopters[k] += on[k];
      res.rows.push_back(std::move(r));
    }
  }
  return res;
}

}  // namespace tradedig::measure
