#pragma once

// Test doubles for the CLI's unit tests: a scripted daemon, a session on string streams, a
// pacer that counts its waits, a chosen local time zone, and the daemon's container objects.

#include <stdlib.h>

#include <ctime>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/daemon_client.h"
#include "cli/pacer.h"
#include "cli/session.h"
#include "common/clock.h"

namespace ds01::cli::testing {

/// A daemon that answers from a script and records every request it was sent. A request with
/// no scripted answer (or stream) is a kInternal error naming it, so a test sees what it did not
/// expect.
class FakeDaemon final : public DaemonApi {
 public:
  struct Request {
    std::string method;
    std::string target;
    nlohmann::json body;
  };

  /// Answers `method target` with `answer`; several answers for one request are given in turn,
  /// the last one again and again.
  void Answer(const std::string& method, const std::string& target, Result<nlohmann::json> answer) {
    script_[method + " " + target].push_back(std::move(answer));
  }

  Result<nlohmann::json> Call(std::string_view method, const std::string& target,
                              const nlohmann::json& body) override {
    requests.push_back({std::string(method), target, body});
    auto it = script_.find(std::string(method) + " " + target);
    if (it == script_.end()) return Unexpected(method, target);
    Result<nlohmann::json> answer = it->second.front();
    if (it->second.size() > 1) it->second.pop_front();
    return answer;
  }

  /// Streams `lines` (JSON texts) for `method target`, then ends the stream with `end`.
  void StreamAnswer(const std::string& method, const std::string& target,
                    std::vector<std::string> lines, Status end = Ok()) {
    streams_.insert_or_assign(method + " " + target, ScriptedStream{std::move(lines), end});
  }

  Status Stream(std::string_view method, const std::string& target,
                const OnLine& on_line) override {
    requests.push_back({std::string(method), target, nullptr});
    auto it = streams_.find(std::string(method) + " " + target);
    if (it == streams_.end()) return Unexpected(method, target);
    for (const std::string& line : it->second.lines) on_line(line, nlohmann::json::parse(line));
    return it->second.end;
  }

  std::vector<Request> requests;

 private:
  struct ScriptedStream {
    std::vector<std::string> lines;
    Status end;
  };

  static Error Unexpected(std::string_view method, const std::string& target) {
    return MakeError(ErrorCode::kInternal,
                     "unexpected request " + std::string(method) + " " + target);
  }

  std::map<std::string, std::deque<Result<nlohmann::json>>> script_;
  std::map<std::string, ScriptedStream> streams_;
};

/// A pacer that lets `waits` redraws happen, then reports Ctrl-C; it never sleeps.
class CountingPacer final : public Pacer {
 public:
  explicit CountingPacer(int waits = 0) : waits_left(waits) {}
  bool Wait(std::chrono::milliseconds interval) override {
    intervals.push_back(interval);
    return waits_left-- > 0;
  }
  int waits_left;
  std::vector<std::chrono::milliseconds> intervals;
};

/// Makes `zone` (a POSIX TZ value such as "EET-2", UTC+2) the local time zone while it lives.
class LocalTimeZone {
 public:
  explicit LocalTimeZone(const char* zone) {
    if (const char* before = getenv("TZ"); before != nullptr) before_ = before;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~LocalTimeZone() {
    if (before_) {
      setenv("TZ", before_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  LocalTimeZone(const LocalTimeZone&) = delete;
  LocalTimeZone& operator=(const LocalTimeZone&) = delete;

 private:
  std::optional<std::string> before_;
};

/// 2024-01-01T00:00:00Z, FakeClock's default start, as the daemon writes times.
inline constexpr const char* kNow = "2024-01-01T00:00:00Z";

/// A session of uid 1001 on string streams, with a FakeDaemon and a FakeClock at kNow; not a
/// terminal unless a test says so.
struct TestSession {
  FakeDaemon daemon;
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  FakeClock clock;
  CountingPacer pacer;
  Session session{daemon, in, out, err, false, 1001, clock, pacer, {}};

  /// Makes it a terminal whose user will type `input`.
  void TerminalTyping(const std::string& input) {
    session.interactive = true;
    in.str(input);
    in.clear();
  }
};

/// A container object as ds01d returns it (docs/api.md): alice's (uid 1001) unless `owner`
/// says otherwise, with GPU slot `slot` ("" for none).
inline nlohmann::json ContainerJson(const std::string& name, const std::string& state,
                                    const std::string& slot = "0",
                                    std::pair<int, std::string> owner = {1001, "alice"}) {
  nlohmann::json gpus = nlohmann::json::array();
  if (!slot.empty()) {
    gpus.push_back({{"slot", slot}, {"uuid", "GPU-" + slot}, {"mig_profile", ""}, {"weight", 1.0}});
  }
  bool active = state == "running" || state == "paused";
  return {{"name", name},
          {"owner", {{"uid", owner.first}, {"user", owner.second}}},
          {"state", state},
          {"image", "ds01-" + std::to_string(owner.first) + "/" + name + ":latest"},
          {"project", name},
          {"gpus", gpus},
          {"gpu_state", slot.empty() ? "none" : (state == "stopped" ? "held" : "allocated")},
          {"hold_expires_at", nullptr},
          {"simulated_gpus", true},
          {"created_at", "2023-12-31T20:00:00Z"},
          {"started_at", active ? nlohmann::json("2023-12-31T21:45:00Z") : nlohmann::json()},
          {"stopped_at", nullptr},
          {"docker_id", "abc123"}};
}

/// {"containers": [...]} as GET /v1/containers answers.
inline nlohmann::json ListJson(std::vector<nlohmann::json> containers) {
  return {{"containers", nlohmann::json(std::move(containers))}};
}

}  // namespace ds01::cli::testing
