// Extraction speed: pages per second through page_text (charset) + gumbo + each HTML adapter's
// selectors, for pages of about 100 KB, with the adapters' profiles from profiles/*.toml.
//
// Pages are built from the adapter fixtures (tests/fixtures/crawler/sources): the fixture's body
// repeated until it holds about 30 result cards, then site-like filler markup (navigation lists,
// inline script and style, footer links) in front of it up to the target size, so gumbo and the
// selectors see a tree of realistic size and depth. The 1688 page stays GBK, as 1688 serves it.
// "parse_only" is gumbo alone on the same bytes, to show what the selectors add.
//
//   build/bench/bench_extract [--bytes 100000] [--benchmark_repetitions=3]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "crawler/adapter_profile.h"
#include "crawler/extract.h"
#include "crawler/html_document.h"
#include "crawler/page_charset.h"

namespace {

size_t g_bytes = 100'000;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "bench_extract: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture(const std::string& rel) {
  return read_file(std::string(TRADEDIG_REPO_DIR) + "/tests/fixtures/crawler/sources/" + rel);
}

// Deterministic markup of the kind that surrounds results on a real page.
std::string filler(size_t n) {
  std::string out;
  out += "<style>.nav a{color:#333}.footer li{display:inline}</style>";
  out += "<script>window.__INIT__={";
  for (int i = 0; out.size() < n / 5; ++i)
    out += fmt::format("\"k{}\":{{\"id\":{},\"name\":\"item {}\"}},", i, i * 7, i);
  out += "\"end\":1};</script>";
  for (int i = 0; out.size() < n; ++i)
    out += fmt::format(
        "<div class=\"nav-group g{0}\"><ul class=\"nav\"><li class=\"nav-item\"><a href=\"/category/{0}\" "
        "data-spm=\"c{0}\">Category {0}</a></li><li class=\"nav-item\"><a href=\"/category/{0}/sub\">Sub {0}</a>"
        "<span class=\"count\">{1}</span></li></ul></div>",
        i, i * 13 % 997);
  return out;
}

// The fixture's <body> content repeated `copies` times after `bytes` of filler.
std::string big_page(const std::string& page, int copies, size_t bytes) {
  size_t body_open = page.find("<body");
  size_t body_start = page.find('>', body_open) + 1;
  size_t body_end = page.rfind("</body>");
  std::string inner = page.substr(body_start, body_end - body_start);
  std::string repeated;
  for (int i = 0; i < copies; ++i) repeated += inner;
  std::string out = page.substr(0, body_start);
  size_t rest = out.size() + repeated.size() + 20;
  out += filler(bytes > rest ? bytes - rest : 0);
  out += repeated;
  out += "</body></html>";
  return out;
}

struct Case {
  const char* profile;
  const char* fixture;
  int copies;           // cards per copy: alibaba 3, made-in-china 3, 1688 3, showroom 1, footer 1
  const char* content_type;
};

void run_extract(benchmark::State& state, const Case& c) {
  auto prof = tradedig::crawler::load_adapter_profile(std::string(TRADEDIG_REPO_DIR) + "/profiles/" + c.profile);
  tradedig::crawler::StoredPage page;
  page.page_id = 1;
  page.url = "https://www.example.cn/";
  page.outcome = "ok";
  page.status = 200;
  page.fetched_at = "2026-11-21T10:00:00.000Z";
  page.headers = {{"content-type", c.content_type}};
  page.body = big_page(fixture(c.fixture), c.copies, g_bytes);
  size_t facts = 0;
  for (auto _ : state) {
    auto ex = tradedig::crawler::extract_page(prof.extract, page);
    facts = ex.fact_count();
    benchmark::DoNotOptimize(ex);
  }
  if (facts == 0) state.SkipWithError("the adapter found nothing on the benchmark page");
  state.counters["facts"] = static_cast<double>(facts);
  state.counters["page_kb"] = static_cast<double>(page.body.size()) / 1000;
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(page.body.size()));
}

void BM_ParseOnly(benchmark::State& state) {
  std::string text = tradedig::crawler::page_text_utf8("text/html; charset=utf-8",
                                                       big_page(fixture("alibaba/search_hits.html"), 10, g_bytes));
  for (auto _ : state) {
    tradedig::crawler::HtmlDocument doc(text);
    benchmark::DoNotOptimize(doc.root());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}

const Case kAlibaba{"alibaba.toml", "alibaba/search_hits.html", 10, "text/html; charset=utf-8"};
const Case kMadeInChina{"made_in_china.toml", "made_in_china/search_hits.html", 10, "text/html; charset=utf-8"};
const Case kShowroom{"made_in_china.toml", "made_in_china/showroom.html", 1, "text/html; charset=utf-8"};
const Case k1688{"1688.toml", "1688/search_hits_gbk.html", 10, "text/html; charset=gbk"};
const Case kIcpFooter{"icp.toml", "icp/homepage_footer.html", 1, "text/html; charset=utf-8"};

}  // namespace

BENCHMARK(BM_ParseOnly)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_extract, alibaba_search, kAlibaba)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_extract, made_in_china_search, kMadeInChina)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_extract, made_in_china_showroom, kShowroom)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_extract, _1688_search_gbk, k1688)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_extract, icp_homepage_footer, kIcpFooter)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--bytes") == 0 && i + 1 < argc) {
      g_bytes = std::strtoull(argv[i + 1], nullptr, 10);
      for (int j = i; j + 2 < argc; ++j) argv[j] = argv[j + 2];
      argc -= 2;
      argv[argc] = nullptr;
      break;
    }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
