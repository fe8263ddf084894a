#include "crawler/whois_parse.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

#include "util/parse.h"

namespace tradedig::crawler {

namespace {

// Keys of creation-date lines across registries, lower-case, after trimming and dropping dots
// (".br" writes "created:", JPRS "[登録年月日]", .kr "등록일", DENIC none).
const std::array<std::string_view, 37> kCreatedKeys = {
    "first registration date", "record created on", "[registered date]", "assigned", "entry created",
    "fecha de creación", "fecha de creacion",
    "creation date", "created", "created on", "created date", "registration time", "registration date",
    "registered on", "registered", "domain registration date", "domain create date", "record created",
    "domain name commencement date", "commencement date", "created at", "registered date", "date created",
    "domain created", "domain record activated", "registration", "registered on date", "create date",
    "creation", "[登録年月日]", "[created on]", "등록일", "activation date", "domain registered",
    "record created on", "fecha de registro", "data de criação"};

const std::array<std::string_view, 10> kRegistrarKeys = {
    "registrar", "sponsoring registrar", "registrar name", "registrar organization", "registrar organisation",
    "authorized agency", "registration service provider", "[registrar]", "registrar handle", "reseller"};

// Specific wordings only: registry disclaimers mention "query rate" and "rate limited" in
// every reply, found or not.
const std::array<std::string_view, 7> kRateLimitMarkers = {
    "limit exceeded", "connection limit exceeded", "excessive querying", "too many requests",
    "exceeded the maximum allowable", "please slow down", "请求过于频繁"};

const std::array<std::string_view, 33> kNotFoundMarkers = {
    "returned 0 objects", "not available for second level registration", "220 available",
    "no match", "not found", "no data found", "no entries found", "not registered", "has not been registered",
    "does not exist", "no matching record", " is free", "status: free", "status:             available",
    "status: available", "no object found", "is available for registration", "no information available",
    "no found", "not known in", "nincs talalat", "등록되어 있지 않습니다", "no such domain", "not exist",
    "no records matching", "no match!!", "available for registration", "domain available", "nothing found",
    "object_not_found", "invalid query or domain name not known", "status: not registered", "no data was found"};

struct Line {
  std::string key, value;  // key lower-case, trimmed; value trimmed
  std::string text;        // the whole trimmed line
};

std::vector<Line> key_value_lines(std::string_view reply) {
  std::vector<Line> out;
  size_t i = 0;
  while (i <= reply.size()) {
    size_t nl = reply.find('\n', i);
    if (nl == std::string_view::npos) nl = reply.size();
    std::string_view line = reply.substr(i, nl - i);
    i = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = trim(line);
    if (t.empty() || t[0] == '%' || t[0] == '#') continue;
    // "[Key] value" (JPRS) or "Key: value" or "Key......: value".
    size_t colon = std::string_view::npos;
    if (t[0] == '[') {
      size_t close = t.find(']');
      if (close != std::string_view::npos) {
        out.push_back({to_lower_ascii(t.substr(0, close + 1)), std::string(trim(t.substr(close + 1))), std::string(t)});
        continue;
      }
    }
    colon = t.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      out.push_back({to_lower_ascii(t), "", std::string(t)});  // "Record created on 2008-05-23"
      continue;
    }
    std::string key = to_lower_ascii(trim(t.substr(0, colon)));
    while (!key.empty() && key.back() == '.') key.pop_back();
    key = std::string(trim(key));
    out.push_back({key, std::string(trim(t.substr(colon + 1))), std::string(t)});
  }
  return out;
}

template <size_t N>
bool key_in(const std::string& key, const std::array<std::string_view, N>& keys) {
  for (auto k : keys)
    if (key == k) return true;
  return false;
}

template <size_t N>
bool contains_any(const std::string& lower, const std::array<std::string_view, N>& markers) {
  for (auto m : markers)
    if (lower.find(m) != std::string::npos) return true;
  return false;
}

// "YYYY-MM-DD" as days since the epoch, for comparing dates across records.
long days_of(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return 0;
  auto ymd = std::chrono::year{y} / std::chrono::month{static_cast<unsigned>(m)} / std::chrono::day{static_cast<unsigned>(d)};
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

// The creation-date text of line k, or "": "Key: value", "Key value" without a colon
// ("Record created on 2008-05-23", "First registration date<TAB>31 May 1999"), or "Key:" with the
// value on the next line (SWITCH, JANET).
std::string created_value(const std::vector<Line>& lines, size_t k) {
  const Line& l = lines[k];
  if (key_in(l.key, kCreatedKeys)) {
    if (!l.value.empty()) return l.value;
    if (k + 1 < lines.size()) return lines[k + 1].text;
    return {};
  }
  // Without a colon after the key, a colon inside the time splits the line wrongly
  // ("Record created on 2000-08-29 10:22:50"): match the key against the whole line instead.
  const std::string lower = to_lower_ascii(l.text);
  for (auto key : kCreatedKeys)
    if (lower.size() > key.size() && lower.compare(0, key.size(), key) == 0 &&
        (lower[key.size()] == ' ' || lower[key.size()] == '\t'))
      return std::string(trim(std::string_view(l.text).substr(key.size())));
  return {};
}

}  // namespace

const char* whois_outcome_name(WhoisOutcome o) {
  switch (o) {
    case WhoisOutcome::kRegistered: return "registered";
    case WhoisOutcome::kNotFound: return "not_found";
    case WhoisOutcome::kRateLimited: return "rate_limited";
    case WhoisOutcome::kUnknown: return "unknown";
  }
  return "unknown";
}

std::optional<int> whois_default_offset(std::string_view domain) {
  std::string d = to_lower_ascii(trim(domain));
  while (!d.empty() && d.back() == '.') d.pop_back();
  if (d == "cn" || d.ends_with(".cn")) return 480;  // CNNIC prints Beijing time without a zone
  return std::nullopt;
}

WhoisRecord parse_whois(std::string_view reply, std::string_view domain) {
  WhoisRecord rec;
  std::string want = to_lower_ascii(trim(domain));
  std::optional<int> offset = whois_default_offset(want);
  std::vector<Line> lines = key_value_lines(reply);
  // Old Verisign replies list look-alike records first, and thick .com replies hold the registrar's
  // record and the registry's: read from each "Domain Name: <domain>" line to the first creation
  // date after it, and keep the earliest of those (pythonwhois google.com: 2002 registrar vs 1997
  // registry). Without such a line, the first creation date in the reply; dates in later contact
  // blocks (AFNIC "created:" of a nic-hdl) are never read.
  std::vector<size_t> starts;
  for (size_t k = 0; k < lines.size() && !want.empty(); ++k)
    if ((lines[k].key == "domain name" || lines[k].key == "domain") && to_lower_ascii(lines[k].value) == want)
      starts.push_back(k);
  if (starts.empty()) starts.push_back(0);
  // The registrar of the queried domain's record (old Verisign replies name a look-alike's
  // registrar first), else the first one in the reply.
  for (size_t from : {starts.front(), size_t{0}}) {
    for (size_t k = from; k < lines.size() && rec.registrar.empty(); ++k) {
      const Line& l = lines[k];
      if (key_in(l.key, kRegistrarKeys) && !l.value.empty() && l.value.find("http") != 0) rec.registrar = l.value;
    }
  }
  for (const Line& l : lines)
    if (rec.domain.empty() && (l.key == "domain name" || l.key == "domain") && !l.value.empty())
      rec.domain = to_lower_ascii(l.value.substr(0, l.value.find(' ')));
  const std::optional<int> zone = offset ? offset : whois_default_offset(rec.domain);
  for (size_t start : starts) {
    for (size_t k = start; k < lines.size(); ++k) {
      std::string value = created_value(lines, k);
      if (value.empty()) continue;
      auto t = parse_registration_time(value, zone);
      if (!t) continue;
      // A day apart is a zone artefact (registry UTC vs registrar local time), not a different
      // creation: keep the record read first, which is the registry's in thin+thick replies.
      if (!rec.created || days_of(t->local_date) + 1 < days_of(rec.created->local_date)) {
        rec.created = t;
        rec.created_label = lines[k].key;
      }
      break;
    }
  }
  std::string lower = to_lower_ascii(reply);
  if (contains_any(lower, kRateLimitMarkers) && !rec.created) rec.outcome = WhoisOutcome::kRateLimited;
  else if (rec.created) rec.outcome = WhoisOutcome::kRegistered;
  else if (contains_any(lower, kNotFoundMarkers)) rec.outcome = WhoisOutcome::kNotFound;
  return rec;
}

}  // namespace tradedig::crawler
