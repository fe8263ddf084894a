// A request to make and what came back: the vocabulary shared by the fetcher, the classifier and
// source adapters.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace tradedig::crawler {

struct FetchRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
  std::string body;                                          // for POST
};

struct FetchResult {
  int status = 0;                 // 0 when no HTTP response arrived
  std::string final_url;          // after redirects
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response, names lower-case
  std::string body;               // decoded (gzip/deflate/br undone)
  int curl_code = 0;              // CURLcode; 0 = transfer completed
  std::string error;              // curl's message when curl_code != 0
  bool timed_out = false;
  double seconds = 0;             // total transfer time
  int http_version = 0;           // of the final response: 10, 11, 20, 30 (HTTP/1.0 ... HTTP/3); 0 = none
  int connections_opened = 0;     // new connections this transfer made; 0 = it reused one

  // First header with this lower-case name, or "" when absent.
  std::string header(const std::string& lower_name) const {
    for (const auto& [k, v] : headers)
      if (k == lower_name) return v;
    return {};
  }
};

}  // namespace tradedig::crawler
