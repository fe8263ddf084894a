#include "crawler/whois_source.h"

#include <curl/curl.h>

#include "crawler/page_charset.h"
#include "crawler/whois_parse.h"
#include "util/parse.h"

namespace tradedig::crawler {

namespace {

constexpr std::string_view kScheme = "whois://";

}  // namespace

std::string whois_server_for(const std::map<std::string, std::string>& servers, std::string_view domain) {
  // "www.example.com.cn" tries "www.example.com.cn", "example.com.cn", "com.cn", "cn" in turn.
  for (size_t from = 0; from < domain.size();) {
    if (auto it = servers.find(std::string(domain.substr(from))); it != servers.end()) return it->second;
    size_t dot = domain.find('.', from);
    if (dot == std::string_view::npos) break;
    from = dot + 1;
  }
  return {};
}

std::string whois_domain_query(std::string_view task_query) {
  std::string q = to_lower_ascii(trim(task_query));
  while (!q.empty() && q.back() == '.') q.pop_back();
  for (unsigned char c : q)
    if (c <= 0x20 || c == 0x7f || c == '/' || c == '@') return {};
  return q;
}

FetchRequest whois_request(const WhoisSourceSettings& s, const std::string& task_query) {
  FetchRequest r;
  r.method = "WHOIS";
  std::string domain = whois_domain_query(task_query);
  std::string server = domain.empty() ? std::string() : whois_server_for(s.servers, domain);
  r.url = std::string(kScheme) + server + "/" + (domain.empty() ? std::string(trim(task_query)) : domain);
  return r;
}

std::optional<WhoisTarget> parse_whois_url(std::string_view url) {
  if (!url.starts_with(kScheme)) return std::nullopt;
  std::string_view rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= rest.size()) return std::nullopt;
  WhoisTarget t{to_lower_ascii(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
  if (whois_domain_query(t.domain) != t.domain) return std::nullopt;
  return t;
}

WhoisQueryOptions whois_query_options(const WhoisSourceSettings& s, double connect_timeout_s, double total_timeout_s) {
  WhoisQueryOptions o;
  o.connect_timeout_s = connect_timeout_s;
  o.total_timeout_s = total_timeout_s;
  o.server_addresses = s.addresses;
  return o;
}

FetchResult whois_fetch_result(const WhoisReply& reply, const std::string& url) {
  FetchResult r;
  r.final_url = url;
  r.seconds = reply.seconds;
  if (!reply.ok()) {
    r.timed_out = reply.error.find("timed out") != std::string::npos;
    r.curl_code = r.timed_out ? CURLE_OPERATION_TIMEDOUT : CURLE_COULDNT_CONNECT;
    r.error = "WHOIS " + reply.server + ": " + reply.error;
    return r;
  }
  r.status = 200;
  r.headers = {{"content-type", "text/plain; charset=utf-8"}};
  r.body = reply.text;
  return r;
}

Outcome classify_whois(const ClassificationRules& rules, const FetchResult& r, std::string_view domain) {
  const Outcome by_rules = classify(rules, r);
  if (by_rules == Outcome::kBlocked || by_rules == Outcome::kError) return by_rules;
  // The text extraction reads (extract_whois), so the fetch-time verdict and the extracted one agree.
  const WhoisRecord rec = parse_whois(page_text_utf8(r.header("content-type"), r.body), domain);
  switch (rec.outcome) {
    case WhoisOutcome::kRateLimited: return Outcome::kBlocked;
    case WhoisOutcome::kRegistered: return Outcome::kOk;
    case WhoisOutcome::kNotFound: return Outcome::kNotFound;
    case WhoisOutcome::kUnknown: break;
  }
  return by_rules;
}

}  // namespace tradedig::crawler
