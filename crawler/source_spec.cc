#include "crawler/crawler.h"
#include "crawler/url_parts.h"

namespace tradedig::crawler {

SourceSpec source_from_template(std::string name, std::string url_template) {
  SourceSpec s;
  s.name = std::move(name);
  s.rules = default_block_rules();
  s.make_request = [tpl = std::move(url_template)](const std::string& query) {
    FetchRequest r;
    r.url = tpl;
    const std::string key = "{query}";
    for (size_t at = r.url.find(key); at != std::string::npos; at = r.url.find(key, at)) {
      std::string esc = url_escape(query);
      r.url.replace(at, key.size(), esc);
      at += esc.size();
    }
    return r;
  };
  return s;
}

}  // namespace tradedig::crawler
