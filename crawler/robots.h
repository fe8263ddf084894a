// robots.txt as RFC 9309 defines it, plus the widely used Crawl-delay extension.
//
// Matching: the group whose user-agent line matches our product token (case-insensitive) applies,
// all such groups merged; otherwise the '*' group; otherwise everything is allowed. Within the
// group the rule with the longest matching path wins; on a tie, allow wins. '*' matches any run of
// characters and a trailing '$' anchors the end. /robots.txt itself is always allowed.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tradedig::crawler {

class RobotsRules {
 public:
  static RobotsRules allow_all();
  static RobotsRules disallow_all();  // what RFC 9309 §2.3.1.4 asks when robots.txt is unreachable
  // Parses `text` for the crawler whose product token is `agent` (e.g. "tradedig").
  static RobotsRules parse(std::string_view text, std::string_view agent);

  // `path_and_query` as sent on the wire, e.g. "/trade/search?q=x".
  bool allowed(std::string_view path_and_query) const;
  std::optional<double> crawl_delay_s() const { return crawl_delay_; }

 private:
  struct Rule {
    bool allow;
    std::string pattern;
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
};

// "tradedig/0.1 (+...)" -> "tradedig": the token robots.txt groups are matched against.
std::string product_token(std::string_view user_agent);

}  // namespace tradedig::crawler
