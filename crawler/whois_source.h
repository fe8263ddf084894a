// WHOIS as a crawl source (protocol = "whois"): the request a domain task makes, the whois:// URL
// its page is stored under, and how a port-43 reply is classified. The engine (engine.cc) runs the
// exchanges; whois_client.h moves the bytes; whois_parse.h reads the replies.
//
//   WhoisSourceSettings s;
//   s.servers = default_whois_servers();
//   FetchRequest r = whois_request(s, "Example.CN");  // r.url == "whois://whois.cnnic.cn/example.cn"
//   parse_whois_url(r.url)->server == "whois.cnnic.cn"
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "crawler/classify.h"
#include "crawler/crawler.h"
#include "crawler/whois_client.h"

namespace tradedig::crawler {

// The server for `domain` by its longest matching suffix in `servers` ("com.cn" before "cn");
// "" when none matches.
std::string whois_server_for(const std::map<std::string, std::string>& servers, std::string_view domain);

// The query sent for a task: trimmed, lower-case ASCII, without a trailing dot. "" when it cannot be
// a domain (empty, or holding whitespace, control characters, '/' or '@').
std::string whois_domain_query(std::string_view task_query);

// method "WHOIS", url "whois://<server>/<domain>". The url is "whois:///<query>" (no server) when no
// suffix matches or the query is not a domain; parse_whois_url then says why.
FetchRequest whois_request(const WhoisSourceSettings& s, const std::string& task_query);

struct WhoisTarget {
  std::string server;  // "whois.cnnic.cn"
  std::string domain;  // "example.cn"
};
// The server and domain of "whois://server/domain"; nullopt for another scheme or a missing part.
std::optional<WhoisTarget> parse_whois_url(std::string_view url);

// The connection options of one exchange: the engine's timeouts, the source's address overrides.
WhoisQueryOptions whois_query_options(const WhoisSourceSettings& s, double connect_timeout_s, double total_timeout_s);

// A reply (or a failed exchange) in the engine's vocabulary. A reply is status 200 with body = the
// raw bytes and content-type "text/plain; charset=utf-8" (page_charset falls back to detection
// when the bytes are not UTF-8); a failed exchange is status 0 with a non-zero curl_code
// (CURLE_OPERATION_TIMEDOUT for timeouts, CURLE_COULDNT_CONNECT otherwise) and the client's message.
FetchResult whois_fetch_result(const WhoisReply& reply, const std::string& url);

// ok / not_found / blocked / error of a WHOIS reply for `domain`: a failed exchange is an error;
// the rules' blocked body markers or a rate-limit wording (parse_whois kRateLimited) are blocked;
// a reply with a creation date is ok; a not-found wording parse_whois knows, or one of the rules'
// not_found body markers, is not_found; any other reply is ok (extraction then reports it unparsed).
Outcome classify_whois(const ClassificationRules& rules, const FetchResult& r, std::string_view domain);

}  // namespace tradedig::crawler
