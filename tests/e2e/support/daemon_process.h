#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace ds01::e2e {

/// How to start ds01d: the interface, `ds01d --config FILE --socket PATH --state-dir DIR
/// --docker-host URL`, plus where its stderr goes and systemd's notification socket.
struct DaemonOptions {
  std::string binary;
  std::string config;
  std::string socket;
  std::string state_dir;
  std::string docker_host;
  std::string log_path;
  std::string notify_socket;           // NOTIFY_SOCKET; empty: unset
  std::vector<std::string> extra_env;  // "KEY=VALUE"
};

/// One ds01d process run as root: started, waited on until its socket answers, and stopped
/// with SIGTERM (or SIGKILL, for the crash tests). The destructor stops a running daemon.
class DaemonProcess {
 public:
  explicit DaemonProcess(DaemonOptions options) : options_(std::move(options)) {}
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;
  ~DaemonProcess();

  /// Spawns ds01d; fails when one is already running under this object.
  Status Start();
  /// Waits until GET /v1/gpus on the socket answers with any HTTP status; fails early (with the
  /// log's tail) when the process exits first.
  Status WaitUntilAnswering(std::chrono::milliseconds timeout);
  /// Start + WaitUntilAnswering.
  Status StartAndWait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  /// SIGTERM, then waits up to `grace`; returns the exit status (or kTimeout after SIGKILL).
  Result<int> Terminate(std::chrono::milliseconds grace = std::chrono::seconds(15));
  /// SIGKILL and reap, as a crash would.
  void Kill();

  /// True while the process has not exited.
  bool running();
  pid_t pid() const { return pid_; }
  const DaemonOptions& options() const { return options_; }
  /// The last `lines` lines of the daemon's stderr.
  std::string LogTail(std::size_t lines = 40) const;

 private:
  // Reaps the child if it exited; returns its wait status then.
  std::optional<int> Reap(bool block);

  DaemonOptions options_;
  pid_t pid_ = -1;
};

}  // namespace ds01::e2e
