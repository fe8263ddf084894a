// `tradedig replay`: serve recorded pages on 127.0.0.1 for demos and offline tests of profiles.
#ifdef TRADEDIG_HAVE_CRAWLER
#include <pthread.h>
#include <signal.h>

#include <fmt/format.h>

#include "cli/commands.h"
#include <optional>

#include "crawler/replay_server.h"
#include "crawler/whois_replay_server.h"
#include "util/error.h"

namespace tradedig::cli {


void add_replay_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string dir;
    int port = 8089;
    std::vector<std::string> synthetic;
    int whois_port = -1;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "replay",
      "Serve recorded pages from DIR on 127.0.0.1 until Ctrl-C (the URL path is the file path;\n"
      "a query is part of the file name). DIR/faults.toml injects faults per route: latency,\n"
      "429/503 with Retry-After, truncated bodies, redirect loops, 200-status block pages.\n"
      "Example:\n"
      "  tradedig replay sample/pages --port 8089");
  cmd->add_option("dir", a->dir, "Folder of recorded pages")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--port", a->port, "Port on 127.0.0.1 (0: any free port)");
  cmd->add_option("--synthetic", a->synthetic, "PREFIX:BYTES serves generated pages under PREFIX (benchmarks)");
  cmd->add_option("--whois-port", a->whois_port,
                  "Also answer WHOIS (port-43 protocol) on this port from DIR/whois/<query> (0: any free port)");
  cmd->callback([&g, a] {
    // Block the stop signals before the server threads start, so only sigwait below sees them.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    crawler::ReplayServer srv(a->dir);
    for (const auto& s : a->synthetic) {
      size_t colon = s.rfind(':');
      if (colon == std::string::npos) throw UserError("--synthetic wants PREFIX:BYTES, e.g. /gen/:100000");
      srv.set_synthetic(s.substr(0, colon), std::stoul(s.substr(colon + 1)));
    }
    int port = srv.start(a->port);
    std::optional<crawler::WhoisReplayServer> whois;
    if (a->whois_port >= 0) {
      whois.emplace(a->dir + "/whois", "{query}");
      int wp = whois->start(a->whois_port);
      say(g, fmt::format("WHOIS from {}/whois on whois://127.0.0.1:{}", a->dir, wp));
    }
    say(g, fmt::format("replaying {} on http://127.0.0.1:{} (Ctrl-C stops)", a->dir, port));
    std::fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    srv.stop();
    if (whois) whois->stop();
    say(g, fmt::format("stopped after {} requests", srv.requests().size()));
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_CRAWLER
