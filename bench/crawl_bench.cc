// Crawl throughput: pages/s and CPU seconds per 1,000 pages fetching and storing N pages of ~100 KB
// from the replay server with politeness off, and the same crawl by Scrapy (Debian python3-scrapy,
// bench/scrapy_peer/bench_spider.py: same server, same concurrency, bodies written to disk) in the
// same run. Also the peak resident memory of a frontier of --frontier tasks (planning + leasing).
//
// The replay server runs in a child process with its bodies generated once before any timing
// (HTML of pseudo-random words, about 3x compressible like real pages), so the CPU time measured
// here is the crawlers' alone; the server's own CPU time is printed to show it is not the limit.
// The frontier figure runs in a process of its own (--mode frontier; `all` spawns it), so its
// peak RSS (VmHWM) is not that of the throughput crawl.
//
//   bench_crawl [--mode all|throughput|frontier] [--pages 20000] [--bytes 100000]
//               [--concurrency 64] [--pool 1000] [--frontier 1000000] [--frontier-crawl 2000]
//               [--scrapy-spider PATH] [--python /usr/bin/python3] [--no-scrapy]
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "crawler/crawler.h"
#include "crawler/replay_server.h"
#include "db/frontier.h"
#include "db/schema.h"

namespace {

namespace fs = std::filesystem;

struct Config {
  std::string mode = "all";
  int64_t pages = 20000, frontier = 1000000, frontier_crawl = 2000;
  size_t bytes = 100000, pool = 1000;
  int concurrency = 64;
  // From the source tree, not __FILE__: Ninja compiles with a path relative to the build directory.
  std::string spider = (fs::path(TRADEDIG_REPO_DIR) / "bench" / "scrapy_peer" / "bench_spider.py").string();
  std::string python = "/usr/bin/python3";
  bool scrapy = true;
};

struct Usage {
  double wall = 0, cpu = 0;
  double rss_mb = 0;
  int64_t pages = 0;
};

double seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; }

double self_cpu() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return seconds(ru.ru_utime) + seconds(ru.ru_stime);
}

// Peak resident set of this process image in MB (VmHWM: reset by exec, unlike ru_maxrss).
double vm_hwm_mb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

// CPU seconds a process has used so far (utime + stime from /proc/PID/stat).
double proc_cpu(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = s.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(s.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::atof(f.c_str());
    if (i == 15) break;
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// An HTML page of about n bytes made of pseudo-random words (Zipf-like word frequencies, links,
// lists, tables), different per seed: it compresses like real listing pages, not like a run of
// repeated bytes.
std::string fake_html(uint32_t seed, size_t n, const std::vector<std::string>& words) {
  std::mt19937 rng(seed);
  // Zipf-like: the index is the cube of a uniform fraction, so the first words dominate.
  auto word = [&]() -> const std::string& {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return words[static_cast<size_t>(u * u * u * static_cast<double>(words.size() - 1))];
  };
  auto sentence = [&](int k) {
    std::string s;
    for (int i = 0; i < k; ++i) (s += i ? " " : "") += word();
    return s;
  };
  std::string out = fmt::format(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} - supplier {}</title>"
      "<link rel=\"stylesheet\" href=\"/static/site.{:08x}.css\"></head><body><div class=\"page\">\n",
      sentence(5), rng(), rng());
  while (out.size() < n) {
    switch (rng() % 4) {
      case 0:
        out += fmt::format("<h2 class=\"title\">{}</h2>\n<p>{}.</p>\n", sentence(4), sentence(20 + static_cast<int>(rng() % 40)));
        break;
      case 1:
        out += "<ul class=\"products\">";
        for (int i = 0; i < 5; ++i)
          out += fmt::format("<li><a href=\"/product/{}.html\" data-id=\"{}\">{}</a> <span class=\"price\">US ${}.{:02d}</span></li>",
                             rng() % 10000000, rng(), sentence(3), rng() % 500, rng() % 100);
        out += "</ul>\n";
        break;
      case 2:
        out += "<table class=\"specs\">";
        for (int i = 0; i < 4; ++i) out += fmt::format("<tr><th>{}</th><td>{}</td></tr>", sentence(2), sentence(3));
        out += "</table>\n";
        break;
      default:
        out += fmt::format("<div class=\"company\" id=\"c{}\"><a href=\"https://{}.example.com/\">{} Co., Ltd.</a> "
                           "<span>{} yrs</span> <em>{}</em></div>\n",
                           rng() % 1000000, word(), sentence(3), rng() % 20, sentence(6));
    }
  }
  out.resize(n - 15);
  out += "</body></html>";
  return out;
}

std::vector<std::string> make_vocabulary(size_t count) {
  const char* syll[] = {"ka", "zhe", "ning", "bo", "tex", "shang", "hai", "gu", "an", "dong", "li", "mer",
                        "pro", "duc", "tion", "ma", "chin", "ery", "elec", "tric", "plas", "tic", "steel", "wu",
                        "xi", "fa", "bric", "lo", "gis", "tics", "ex", "port", "qing", "dao", "su", "zhou"};
  std::mt19937 rng(7);
  std::vector<std::string> w;
  for (size_t i = 0; i < count; ++i) {
    std::string s;
    for (int k = 1 + static_cast<int>(rng() % 3); k-- > 0;) s += syll[rng() % std::size(syll)];
    w.push_back(s);
  }
  return w;
}

// Starts a replay server in a child process; returns its pid and writes its port. With pool > 0
// every /gen/N is one of `pool` pre-generated pages, otherwise /gen/ is the server's synthetic
// generator (only used for the frontier run, where bodies do not matter).
pid_t serve_in_child(size_t bytes, size_t pool, int& port) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(2);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    tradedig::crawler::ReplayServer srv;
    if (pool > 0) {
      auto words = make_vocabulary(20000);
      std::vector<std::string> bodies;
      for (size_t i = 0; i < pool; ++i) bodies.push_back(fake_html(static_cast<uint32_t>(i + 1), bytes, words));
      srv.set_page_pool("/gen/", std::move(bodies));
    } else {
      srv.set_synthetic("/gen/", bytes);
    }
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

tradedig::db::Connection plan(const fs::path& store, int64_t tasks, double& seconds_out) {
  using namespace tradedig;
  fs::remove(store);
  auto c = db::open_store(store.string());
  auto t0 = std::chrono::steady_clock::now();
  db::Frontier f(c);
  db::Transaction tx(c);
  for (int64_t i = 0; i < tasks; ++i) f.add_task("bench", std::to_string(i));
  tx.commit();
  seconds_out = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return c;
}

tradedig::crawler::CrawlSummary crawl(tradedig::db::Connection& c, const std::string& base, int concurrency,
                                      int64_t max_tasks) {
  using namespace tradedig;
  auto src = crawler::source_from_template("bench", base + "/gen/{query}");
  src.politeness.min_delay_s = 0;
  src.politeness.max_concurrency = concurrency;
  src.politeness.autothrottle = false;
  src.obey_robots = false;
  crawler::CrawlOptions opt;
  opt.user_agent = "tradedig-bench/1.0 (+mailto:bench@localhost)";
  opt.max_in_flight = concurrency;
  opt.max_tasks = max_tasks;
  opt.max_wait_for_due_s = 0;
  opt.log = [](std::string_view) {};
  return crawler::run_crawl(c, {src}, opt);
}

Usage crawl_with_tradedig(const Config& cfg, const std::string& base, const fs::path& dir) {
  double plan_s = 0;
  auto c = plan(dir / "bench.db", cfg.pages, plan_s);
  double cpu0 = self_cpu();
  auto t0 = std::chrono::steady_clock::now();
  auto sum = crawl(c, base, cfg.concurrency, -1);
  Usage u;
  u.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  u.cpu = self_cpu() - cpu0;
  u.rss_mb = vm_hwm_mb();
  u.pages = sum.pages_stored;
  auto raw = c.query_int("SELECT sum(body_size) FROM pages").value_or(0);
  auto z = c.query_int("SELECT sum(length(body_zstd)) FROM pages").value_or(0);
  std::fprintf(stderr, "tradedig: %lld pages stored, %.0f MB of bodies kept as %.0f MB zstd (%.1fx)\n",
               static_cast<long long>(sum.pages_stored), static_cast<double>(raw) / 1e6, static_cast<double>(z) / 1e6,
               z ? static_cast<double>(raw) / static_cast<double>(z) : 0.0);
  return u;
}

// Scrapy in a child process, its CPU time and peak RSS from wait4.
std::optional<Usage> crawl_with_scrapy(const Config& cfg, const std::string& base, const fs::path& dir) {
  if (!fs::exists(cfg.spider)) {
    std::fprintf(stderr, "scrapy: spider %s not found (--scrapy-spider PATH)\n", cfg.spider.c_str());
    return std::nullopt;
  }
  const fs::path out = dir / "scrapy_pages";
  const std::string log = (dir / "scrapy.log").string();
  std::vector<std::string> args{cfg.python, "-m", "scrapy", "runspider", cfg.spider,
                                "-a", "base=" + base, "-a", fmt::format("pages={}", cfg.pages),
                                "-a", "out=" + out.string(),
                                "-s", fmt::format("CONCURRENT_REQUESTS={}", cfg.concurrency),
                                "-s", fmt::format("CONCURRENT_REQUESTS_PER_DOMAIN={}", cfg.concurrency),
                                "-s", "LOG_FILE=" + log};
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(cfg.python.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  Usage u;
  u.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  u.cpu = seconds(ru.ru_utime) + seconds(ru.ru_stime);
  u.rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "scrapy: failed (exit %d), see %s\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1, log.c_str());
    return std::nullopt;
  }
  std::error_code ec;
  uintmax_t bytes = 0;
  for (const auto& e : fs::directory_iterator(out, ec)) {
    ++u.pages;
    bytes += e.file_size(ec);
  }
  std::fprintf(stderr, "scrapy: %lld pages written, %.0f MB\n", static_cast<long long>(u.pages),
               static_cast<double>(bytes) / 1e6);
  return u;
}

void row(const char* who, const Usage& u, double server_cpu) {
  const double n = static_cast<double>(u.pages);
  std::printf("| %-8s | %6lld | %7.1f | %8.0f | %7.1f | %10.2f | %9.0f | %7.0f | %9.1f |\n", who,
              static_cast<long long>(u.pages), u.wall, n / u.wall, u.cpu, 1000 * u.cpu / n, n / u.cpu, u.rss_mb,
              server_cpu);
}

int throughput(const Config& cfg, const fs::path& dir) {
  int port = 0;
  auto g0 = std::chrono::steady_clock::now();
  pid_t server = serve_in_child(cfg.bytes, cfg.pool, port);
  std::fprintf(stderr, "replay server: %zu pages of %zu B generated in %.1f s\n", cfg.pool, cfg.bytes,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count());
  const std::string base = fmt::format("http://127.0.0.1:{}", port);

  std::printf("%lld pages of %zu B (%zu distinct bodies), concurrency %d, politeness off\n\n",
              static_cast<long long>(cfg.pages), cfg.bytes, cfg.pool, cfg.concurrency);
  std::printf("| crawler  |  pages |  wall s |  pages/s |   CPU s | CPU s/1000 | pages/CPU s | RSS MB | server CPU s |\n");
  std::printf("|----------|-------:|--------:|---------:|--------:|-----------:|----------:|-------:|----------:|\n");
  double s0 = proc_cpu(server);
  Usage td = crawl_with_tradedig(cfg, base, dir);
  double s1 = proc_cpu(server);
  row("tradedig", td, s1 - s0);
  std::fflush(stdout);
  std::optional<Usage> sc;
  if (cfg.scrapy) {
    sc = crawl_with_scrapy(cfg, base, dir);
    if (sc) row("scrapy", *sc, proc_cpu(server) - s1);
  }
  std::printf("\n");
  if (sc && sc->pages > 0 && td.pages > 0)
    std::printf("ratio tradedig/scrapy: %.1fx pages per CPU second, %.1fx pages per second\n",
                (static_cast<double>(td.pages) / td.cpu) / (static_cast<double>(sc->pages) / sc->cpu),
                (static_cast<double>(td.pages) / td.wall) / (static_cast<double>(sc->pages) / sc->wall));
  else
    std::printf("scrapy: not run (Debian python3-scrapy and bench/scrapy_peer/bench_spider.py needed)\n");
  kill(server, SIGKILL);
  waitpid(server, nullptr, 0);
  return td.pages == cfg.pages && (!sc || sc->pages == cfg.pages) ? 0 : 1;
}

int frontier_rss(const Config& cfg, const fs::path& dir) {
  int port = 0;
  pid_t server = serve_in_child(2000, 0, port);
  double plan_s = 0;
  auto c = plan(dir / "frontier.db", cfg.frontier, plan_s);
  const double after_plan = vm_hwm_mb();
  auto t0 = std::chrono::steady_clock::now();
  auto sum = crawl(c, fmt::format("http://127.0.0.1:{}", port), cfg.concurrency, cfg.frontier_crawl);
  const double crawl_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  kill(server, SIGKILL);
  waitpid(server, nullptr, 0);
  std::printf("frontier of %lld tasks: planned in %.1f s (peak RSS %.1f MB); a crawl leasing from it fetched %lld "
              "in %.1f s; peak RSS of the whole run %.1f MB (VmHWM)\n",
              static_cast<long long>(cfg.frontier), plan_s, after_plan, static_cast<long long>(sum.pages_stored),
              crawl_s, vm_hwm_mb());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", k.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (k == "--mode") cfg.mode = val();
    else if (k == "--pages") cfg.pages = std::atoll(val().c_str());
    else if (k == "--bytes") cfg.bytes = std::strtoul(val().c_str(), nullptr, 10);
    else if (k == "--pool") cfg.pool = std::strtoul(val().c_str(), nullptr, 10);
    else if (k == "--concurrency") cfg.concurrency = std::atoi(val().c_str());
    else if (k == "--frontier") cfg.frontier = std::atoll(val().c_str());
    else if (k == "--frontier-crawl") cfg.frontier_crawl = std::atoll(val().c_str());
    else if (k == "--scrapy-spider") cfg.spider = val();
    else if (k == "--python") cfg.python = val();
    else if (k == "--no-scrapy") cfg.scrapy = false;
    else {
      std::fprintf(stderr, "unknown option %s (see the comment at the top of bench/crawl_bench.cc)\n", k.c_str());
      return 2;
    }
  }
  if (cfg.pool == 0 || cfg.bytes < 100) {
    std::fprintf(stderr, "--pool must be > 0 and --bytes >= 100\n");
    return 2;
  }
  auto dir = fs::temp_directory_path() / fmt::format("tradedig-crawl-bench-{}", getpid());
  fs::create_directories(dir);
  int rc = 0;
  if (cfg.mode == "throughput" || cfg.mode == "all") rc |= throughput(cfg, dir);
  if (cfg.mode == "frontier") rc |= frontier_rss(cfg, dir);
  if (cfg.mode == "all" && cfg.frontier > 0) {
    // A fresh process, so the frontier's peak RSS is its own.
    std::fflush(stdout);
    std::string self = fs::read_symlink("/proc/self/exe").string();
    std::string cmd = fmt::format("'{}' --mode frontier --frontier {} --frontier-crawl {} --concurrency {}", self,
                                  cfg.frontier, cfg.frontier_crawl, cfg.concurrency);
    rc |= std::system(cmd.c_str()) != 0;
  }
  fs::remove_all(dir);
  return rc;
}
