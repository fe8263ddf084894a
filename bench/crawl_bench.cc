// Crawl throughput: pages/s and CPU seconds per 1,000 pages fetching and storing N pages of ~100 KB
// from the replay server with politeness off, and the same crawl by Scrapy (Debian python3-scrapy,
// same server, same concurrency, bodies written to disk) when `scrapy` is on the PATH. Also the
// peak resident memory of a crawl over a frontier of --frontier tasks.
//
// The replay server runs in a child process, so the CPU time measured here is the crawler's alone.
//
//   bench_crawl [--pages 20000] [--bytes 100000] [--concurrency 64] [--frontier 1000000]
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "crawler/crawler.h"
#include "crawler/replay_server.h"
#include "db/frontier.h"
#include "db/schema.h"

namespace {

struct Usage {
  double wall = 0, cpu = 0;
  long max_rss_kb = 0;
};

double cpu_seconds(int who) {
  rusage ru{};
  getrusage(who, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long max_rss_kb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// Starts a replay server in a child process; returns its pid and writes its port.
pid_t serve_in_child(size_t bytes, int& port) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(2);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    tradedig::crawler::ReplayServer srv;
    srv.set_synthetic("/gen/", bytes);
    int p = srv.start();
    if (write(fds[1], &p, sizeof p) != sizeof p) _exit(2);
    pause();  // until the parent kills us
    _exit(0);
  }
  close(fds[1]);
  if (read(fds[0], &port, sizeof port) != sizeof port) std::exit(2);
  close(fds[0]);
  return pid;
}

Usage crawl_with_tradedig(const std::string& base, const std::filesystem::path& dir, int64_t tasks,
                          int concurrency, int64_t max_tasks) {
  using namespace tradedig;
  auto store = dir / fmt::format("bench_{}.db", tasks);
  std::filesystem::remove(store);
  auto c = db::open_store(store.string());
  {
    db::Frontier f(c);
    db::Transaction tx(c);
    for (int64_t i = 0; i < tasks; ++i) f.add_task("bench", std::to_string(i));
    tx.commit();
  }
  auto src = crawler::source_from_template("bench", base + "/gen/{query}");
  src.politeness.min_delay_s = 0;
  src.politeness.max_concurrency = concurrency;
  src.politeness.autothrottle = false;
  src.obey_robots = false;
  crawler::CrawlOptions opt;
  opt.user_agent = "tradedig-bench/1.0 (+mailto:bench@localhost)";
  opt.max_in_flight = concurrency;
  opt.max_tasks = max_tasks;
  opt.log = [](std::string_view) {};
  double cpu0 = cpu_seconds(RUSAGE_SELF);
  auto t0 = std::chrono::steady_clock::now();
  auto sum = crawler::run_crawl(c, {src}, opt);
  Usage u;
  u.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  u.cpu = cpu_seconds(RUSAGE_SELF) - cpu0;
  u.max_rss_kb = max_rss_kb();
  std::fprintf(stderr, "tradedig: %lld pages stored\n", static_cast<long long>(sum.pages_stored));
  return u;
}

// Scrapy, same server and concurrency, bodies to disk; CPU time of the child process.
std::optional<Usage> crawl_with_scrapy(const std::string& base, const std::filesystem::path& dir, int64_t pages,
                                       int concurrency) {
  if (std::system("command -v scrapy > /dev/null 2>&1") != 0) return std::nullopt;
  auto spider = dir / "bench_spider.py";
  auto out = dir / "scrapy_pages";
  std::filesystem::create_directories(out);
  std::ofstream(spider) << fmt::format(
      "import scrapy\n"
      "class Bench(scrapy.Spider):\n"
      "    name = 'bench'\n"
      "    custom_settings = {{'CONCURRENT_REQUESTS': {0}, 'CONCURRENT_REQUESTS_PER_DOMAIN': {0},\n"
      "        'DOWNLOAD_DELAY': 0, 'ROBOTSTXT_OBEY': False, 'LOG_LEVEL': 'ERROR', 'AUTOTHROTTLE_ENABLED': False}}\n"
      "    def start_requests(self):\n"
      "        for i in range({1}):\n"
      "            yield scrapy.Request('{2}/gen/%d' % i)\n"
      "    def parse(self, response):\n"
      "        with open('{3}/' + response.url.rsplit('/', 1)[1], 'wb') as f:\n"
      "            f.write(response.body)\n",
      concurrency, pages, base, out.string());
  double cpu0 = cpu_seconds(RUSAGE_CHILDREN);
  auto t0 = std::chrono::steady_clock::now();
  int rc = std::system(fmt::format("scrapy runspider {} > /dev/null 2>&1", spider.string()).c_str());
  Usage u;
  u.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  u.cpu = cpu_seconds(RUSAGE_CHILDREN) - cpu0;
  if (rc != 0) return std::nullopt;
  return u;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t pages = 20000, frontier = 1000000;
  size_t bytes = 100000;
  int concurrency = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--pages") pages = std::atoll(argv[i + 1]);
    else if (k == "--bytes") bytes = std::strtoul(argv[i + 1], nullptr, 10);
    else if (k == "--concurrency") concurrency = std::atoi(argv[i + 1]);
    else if (k == "--frontier") frontier = std::atoll(argv[i + 1]);
  }
  auto dir = std::filesystem::temp_directory_path() / fmt::format("tradedig-crawl-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  int port = 0;
  pid_t server = serve_in_child(bytes, port);
  const std::string base = fmt::format("http://127.0.0.1:{}", port);

  Usage td = crawl_with_tradedig(base, dir, pages, concurrency, -1);
  std::printf("| tradedig | %lld pages x %zu B | %.0f pages/s | %.2f CPU s / 1000 pages | %.0f pages / CPU s |\n",
              static_cast<long long>(pages), bytes, pages / td.wall, 1000 * td.cpu / pages, pages / td.cpu);
  if (auto sc = crawl_with_scrapy(base, dir, pages, concurrency)) {
    std::printf("| scrapy | %lld pages x %zu B | %.0f pages/s | %.2f CPU s / 1000 pages | %.0f pages / CPU s |\n",
                static_cast<long long>(pages), bytes, pages / sc->wall, 1000 * sc->cpu / pages, pages / sc->cpu);
    std::printf("ratio (pages per CPU second, tradedig / scrapy): %.1f\n", sc->cpu / td.cpu);
  } else {
    std::printf("scrapy: not run (install python3-scrapy to compare)\n");
  }
  if (frontier > 0) {
    Usage fr = crawl_with_tradedig(base, dir, frontier, concurrency, 2000);
    std::printf("frontier of %lld tasks (2000 fetched): peak RSS %.1f MB\n", static_cast<long long>(frontier),
                fr.max_rss_kb / 1024.0);
  }
  kill(server, SIGKILL);
  waitpid(server, nullptr, 0);
  std::filesystem::remove_all(dir);
  return 0;
}
