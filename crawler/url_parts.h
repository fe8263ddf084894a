// The two things the engine needs from a URL: which host it belongs to (politeness and robots.txt
// are per scheme://host:port) and the path it asks for (what robots.txt rules match).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tradedig::crawler {

struct UrlParts {
  std::string host_key;        // "https://www.alibaba.com" or "http://127.0.0.1:8080", lower-case
  std::string path_and_query;  // "/trade/search?q=x"; "/" when empty
};

// Nullopt for anything but an absolute http(s) URL.
std::optional<UrlParts> parse_url(std::string_view url);

// Percent-encodes everything but RFC 3986 unreserved characters (UTF-8 bytes byte by byte).
std::string url_escape(std::string_view s);

}  // namespace tradedig::crawler
