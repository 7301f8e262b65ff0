// ds01d: see daemon/daemon.h. Signals are taken by sigwait on the main thread: SIGTERM and
// SIGINT shut down cleanly, SIGHUP reloads the config.
#include <malloc.h>
#include <signal.h>
#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "daemon/check.h"
#include "daemon/daemon.h"
#include "daemon/options.h"
#include "gpu/nvml.h"

namespace {

// Logs go to stderr (journald under systemd, which stamps the time itself). SPDLOG_LEVEL
// sets the level ("debug" shows every request).
void SetUpLogging() {
  auto logger = spdlog::stderr_logger_mt("ds01d");
  const bool journald = std::getenv("JOURNAL_STREAM") != nullptr;
  logger->set_pattern(journald ? "[%l] %v" : "%Y-%m-%d %H:%M:%S.%e ds01d[%P] %l: %v");
  spdlog::set_default_logger(logger);
  spdlog::cfg::load_env_levels();
}

// Every connection, stream and shell is a descriptor: take all the hard limit allows (systemd
// gives 524288) rather than the soft 1024, which a few hundred followers would reach.
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) spdlog::warn("cannot raise the open-file limit");
}

std::string NvmlPath() {
  const char* path = std::getenv("DS01_NVML_LIBRARY");
  return path != nullptr && *path != '\0' ? path : ds01::gpu::kNvmlLibrary;
}

}  // namespace

int main(int argc, char** argv) {
  ds01::daemon::DaemonOptions options;
  CLI::App app;
  ds01::daemon::DeclareOptions(app, &options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return 2;
  }
  // Each worker thread would otherwise get its own malloc arena that keeps what a large answer
  // once needed: two arenas keep the daemon small (bench: daemon-rss-1000).
  mallopt(M_ARENA_MAX, 2);
  // Whatever ds01d creates (the database, its journal, staging paths) is root's alone unless
  // it says otherwise, as the socket does.
  umask(077);
  SetUpLogging();
  if (options.check) return ds01::daemon::RunChecks(options, NvmlPath(), std::cout) ? 0 : 1;

  sigset_t signals;
  sigemptyset(&signals);
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, signal);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread exists: all inherit it
  ::signal(SIGPIPE, SIG_IGN);
  RaiseOpenFileLimit();

  auto daemon = ds01::daemon::Daemon::Start(options, NvmlPath());
  if (!daemon.ok()) {
    spdlog::critical("cannot start: {}", daemon.error().ToString());
    return 1;
  }
  sd_notify(0, "READY=1");
  for (;;) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal != SIGHUP) break;
    sd_notify(0, "RELOADING=1");
    (*daemon)->Reload();
    sd_notify(0, "READY=1");
  }
  spdlog::info("stopping");
  sd_notify(0, "STOPPING=1");
  (*daemon)->Shutdown();
  return 0;
}
