#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace ds01::e2e {

/// Whom a child process runs as: the uid, the primary gid and every supplementary group.
struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

/// A program to run to completion.
struct ProcessSpec {
  std::string path;               // the executable
  std::vector<std::string> argv;  // argv[0] included; empty: {path}
  std::vector<std::string> env;   // "KEY=VALUE", the whole environment
  std::optional<Credentials> as;  // unset: this process's own
  std::string cwd = "/";
  std::chrono::milliseconds timeout{60'000};
  std::string stdin_path = "/dev/null";  // opened (as root) for its stdin
};

/// How a process ended and what it printed.
struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  bool timed_out = false;
  std::string out;
  std::string err;

  /// "exit 3, stdout: …, stderr: …" — for assertion messages.
  std::string Describe() const;
};

/// Runs `spec` (fork, drop to its credentials, exec), captures stdout and stderr, and waits
/// for it; past the timeout the child is SIGKILLed and timed_out is set. stdin is the file at
/// spec.stdin_path.
/// Safe to call from many threads at once.
Result<ProcessResult> RunProcess(const ProcessSpec& spec);

/// Starts `spec` in the background with stdout and stderr appended to `log_path`; the caller
/// reaps the returned pid. The timeout is ignored.
Result<pid_t> SpawnProcess(const ProcessSpec& spec, const std::string& log_path);

/// Starts `spec` on a new pseudo-terminal of `rows` × `cols` (its stdin, stdout and stderr, and
/// its controlling terminal); the master side, for the caller to read, write and close, lands
/// in `master`. The caller reaps the returned pid.
Result<pid_t> SpawnOnTerminal(const ProcessSpec& spec, unsigned short rows, unsigned short cols,
                              int* master);

/// Runs a command as root and fails unless it exits 0 (or with one of `ok_codes`).
Status RunAsRoot(const std::vector<std::string>& argv, const std::vector<int>& ok_codes = {});

}  // namespace ds01::e2e
