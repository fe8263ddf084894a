// WHOIS over TCP port 43 (RFC 3912): send one query line, read the reply until the server closes.
//
// The client only moves bytes; what a reply means is whois_parse.h's job. The reply is kept as the
// raw bytes the server sent (CNNIC sends UTF-8; decoding is the reader's business), and failures
// are values, never exceptions, because a registry that is down is an outcome to record.
//
//   WhoisQueryOptions o;
//   WhoisReply r = whois_query("whois.cnnic.cn", "google.cn", o);
//   if (r.ok()) WhoisRecord rec = parse_whois(r.text, "google.cn");
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace tradedig::crawler {

struct WhoisQueryOptions {
  double connect_timeout_s = 15;
  double total_timeout_s = 30;        // the whole exchange, connect included
  size_t max_bytes = 1 << 20;         // a longer reply is cut here (and flagged `truncated`)
  // "whois.cnnic.cn" -> "127.0.0.1:4343": where to connect for a server name, as curl's --resolve
  // does for HTTP. Tests and split-DNS setups use it; the query line is unchanged.
  std::map<std::string, std::string> server_addresses;
};

struct WhoisReply {
  std::string server;   // the server asked ("whois.cnnic.cn" or "host:port")
  std::string text;     // the raw reply bytes
  std::string error;    // "" on success: connection refused, timeout, ...
  bool truncated = false;
  double seconds = 0;
  bool ok() const { return error.empty(); }
};

// Asks `server` ("host" or "host:port"; port 43 by default) about `query`. Never throws for
// network trouble: `error` says what went wrong (an empty reply is an error too).
WhoisReply whois_query(const std::string& server, const std::string& query, const WhoisQueryOptions& opt);

// The registrar's WHOIS server a thin registry reply points to, for `domain`'s record:
// "Registrar WHOIS Server: whois.markmonitor.com" (Verisign since 2017) or the older
// "Whois Server: rs.domainbank.net". Lower-case host, without scheme or path; "" when none.
// Old Verisign replies list look-alike records first, so the referral is read from the record of
// `domain` when the reply has one.
std::string whois_referral(std::string_view reply, std::string_view domain);

}  // namespace tradedig::crawler
