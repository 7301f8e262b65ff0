#include "policy/process_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string_view>

#include "common/units.h"
#include "policy/host_path.h"

namespace ds01::policy {
namespace {

// Linux's signals by number (1-31); real-time ones (32-64) go by number alone.
constexpr std::array<std::string_view, 32> kSignalNames = {
    "",          "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
    "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS"};
constexpr int kMaxSignal = 64;

Error BadSignal(std::string_view signal) {
  return MakeError(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a signal", signal),
                   "name one, e.g. SIGINT or INT, or give its number (1 to 64)");
}

// "INT", "SIGINT", "sigint" or "2" → "SIGINT"; a number with no name stays a number.
Result<std::string> NormalSignal(std::string_view signal) {
  int number = 0;
  auto [end, error] = std::from_chars(signal.data(), signal.data() + signal.size(), number);
  if (error == std::errc() && end == signal.data() + signal.size()) {
    if (number < 1 || number > kMaxSignal) return BadSignal(signal);
    if (static_cast<std::size_t>(number) < kSignalNames.size()) {
      return std::string(kSignalNames[static_cast<std::size_t>(number)]);
    }
    return std::to_string(number);
  }
  std::string name(signal);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (!name.starts_with("SIG")) name = "SIG" + name;
  if (std::find(kSignalNames.begin() + 1, kSignalNames.end(), name) == kSignalNames.end()) {
    return BadSignal(signal);
  }
  return name;
}

Status CheckHostname(std::string_view hostname) {
  const bool fits = !hostname.empty() && hostname.size() <= 63 && hostname.front() != '-' &&
                    hostname.back() != '-' &&
                    std::all_of(hostname.begin(), hostname.end(),
                                [](unsigned char c) { return std::isalnum(c) != 0 || c == '-'; });
  if (fits) return Ok();
  return MakeError(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a hostname", hostname),
                   "use letters, digits and '-', at most 63, neither first nor last a '-'");
}

// An argument list as the engine runs it: no NUL (the kernel would cut the argument there)
// and, when there is one, a program to run.
Status CheckArguments(const std::vector<std::string>& args, std::string_view what) {
  for (const std::string& arg : args) {
    if (arg.find('\0') != std::string::npos) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("An argument of the {} contains a NUL byte", what),
                       "remove the NUL byte");
    }
  }
  if (!args.empty() && args.front().empty()) {
    return MakeError(ErrorCode::kInvalidArgument, fmt::format("The {}'s program is empty", what),
                     "name the program to run first, e.g. -- python train.py");
  }
  return Ok();
}

}  // namespace

Status CheckProcessOptions(CreateRequest* request, const Limits& limits) {
  DS01_RETURN_IF_ERROR(CheckArguments(request->command, "command"));
  if (request->entrypoint) DS01_RETURN_IF_ERROR(CheckArguments(*request->entrypoint, "entrypoint"));
  if (!request->working_dir.empty()) {
    auto dir = NormalizePath(request->working_dir, "working directory");
    if (!dir.ok()) return std::move(dir).error();
    request->working_dir = std::move(*dir);
  }
  if (!request->hostname.empty()) DS01_RETURN_IF_ERROR(CheckHostname(request->hostname));
  if (!request->stop_signal.empty()) {
    auto signal = NormalSignal(request->stop_signal);
    if (!signal.ok()) return std::move(signal).error();
    request->stop_signal = std::move(*signal);
  }
  if (request->stop_timeout) {
    const std::int64_t most = limits.max_stop_time.count();
    if (*request->stop_timeout < 0) {
      return MakeError(ErrorCode::kInvalidArgument, "stop_timeout cannot be negative",
                       "give the seconds a stop waits before it kills, e.g. 30");
    }
    if (*request->stop_timeout > most) {
      return MakeError(ErrorCode::kLimitExceeded,
                       fmt::format("stop_timeout {}s is above your max_stop_time of {}",
                                   *request->stop_timeout, FormatDuration(limits.max_stop_time)),
                       fmt::format("ask for at most {} seconds", most));
    }
  }
  return Ok();
}

}  // namespace ds01::policy
