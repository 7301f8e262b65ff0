#pragma once

// Test doubles for the CLI's unit tests: a scripted daemon, a session on string streams, a
// pacer that counts its waits, a chosen local time zone, and the daemon's container and limits
// objects (the wire types of api/, as ds01d fills them).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <ctime>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "api/wire_container.h"
#include "api/wire_images.h"
#include "api/wire_limits.h"
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

  /// Answers `method target` with a wire type's JSON (api/wire_*.h), as ds01d writes it.
  template <typename Wire>
  requires(!std::is_convertible_v<Wire, Result<nlohmann::json>>) void Answer(
      const std::string& method, const std::string& target, const Wire& answer) {
    Answer(method, target, Result<nlohmann::json>(nlohmann::json(answer)));
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

  /// Streams `lines` (JSON texts) for `method target`, then ends the stream with `end` or with
  /// the first Error of the OnLine.
  void StreamAnswer(const std::string& method, const std::string& target,
                    std::vector<std::string> lines, Status end = Ok()) {
    streams_.insert_or_assign(method + " " + target,
                              ScriptedStream{std::move(lines), std::move(end)});
  }

  Status Stream(std::string_view method, const std::string& target, const nlohmann::json& body,
                const OnLine& on_line) override {
    requests.push_back({std::string(method), target, body});
    auto it = streams_.find(std::string(method) + " " + target);
    if (it == streams_.end()) return Unexpected(method, target);
    for (const std::string& line : it->second.lines) {
      DS01_RETURN_IF_ERROR(on_line(line, nlohmann::json::parse(line)));
    }
    return it->second.end;
  }

  /// Hands over `socket` as the connection of the next exec to `target`.
  void ExecAnswer(const std::string& target, HandedExec exec) {
    execs_.insert_or_assign(target, std::move(exec));
  }

  Result<HandedExec> OpenExec(const std::string& target, const nlohmann::json& body) override {
    requests.push_back({"POST", target, body});
    auto it = execs_.find(target);
    if (it == execs_.end()) return Unexpected("POST", target);
    HandedExec exec = std::move(it->second);
    execs_.erase(it);
    return exec;
  }

  /// Hands over `stream` as the answer of the next `method target` upgraded to a stream.
  void HandedAnswer(const std::string& method, const std::string& target, HandedStream stream) {
    handed_.insert_or_assign(method + " " + target, std::move(stream));
  }

  Result<HandedStream> OpenHandedStream(std::string_view method, const std::string& target,
                                        std::string_view) override {
    requests.push_back({std::string(method), target, nullptr});
    auto it = handed_.find(std::string(method) + " " + target);
    if (it == handed_.end()) return Unexpected(method, target);
    HandedStream stream = std::move(it->second);
    handed_.erase(it);
    return stream;
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
  std::map<std::string, HandedExec> execs_;
  std::map<std::string, HandedStream> handed_;
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

/// A time `minutes` from FakeClock's default start, 2024-01-01T00:00:00Z.
inline Clock::TimePoint MinutesFromStart(int minutes) {
  return FakeClock::DefaultStart() + std::chrono::minutes(minutes);
}

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
/// says otherwise, with GPU slot `slot` ("" for none), created 4h before FakeClock's start and,
/// running or paused, started 2h 15m before it.
inline api::Container MakeContainer(const std::string& name, api::ContainerState state,
                                    const std::string& slot = "0",
                                    const api::Owner& owner = {1001, "alice"}) {
  using State = api::ContainerState;
  api::Container container;
  container.name = name;
  container.owner = owner;
  container.state = state;
  container.image = "ds01-" + std::to_string(owner.uid) + "/" + name + ":latest";
  container.project = name;
  container.interface = "atomic";
  if (!slot.empty()) container.gpus.push_back({slot, "GPU-" + slot, "", 1.0});
  container.gpu_state = slot.empty() ? "none" : (state == State::kStopped ? "held" : "allocated");
  container.simulated_gpus = true;
  container.created_at = MinutesFromStart(-240);
  if (state == State::kRunning || state == State::kPaused) {
    container.started_at = MinutesFromStart(-135);
  }
  container.docker_id = "abc123";
  return container;
}

/// An image object as ds01d returns it: alice's project image ds01-1001/`project`:`tag` of
/// `gib` GiB, built two days and three hours before FakeClock's start, used by `used_by`.
inline api::Image MakeImage(const std::string& project, std::int64_t gib = 8,
                            std::vector<std::string> used_by = {},
                            const std::string& tag = "latest") {
  api::Image image;
  image.repository = "ds01-1001/" + project;
  image.tag = tag;
  image.reference = image.repository + ":" + tag;
  image.id = "sha256:" + project;
  image.size_bytes = gib << 30;
  image.created_at = MinutesFromStart(-(2 * 24 + 3) * 60);
  image.owner = api::Owner{1001, "alice"};
  image.kind = "project";
  image.used_by = std::move(used_by);
  return image;
}

/// GET /v1/limits as ds01d answers alice (uid 1001): the built-in defaults but for two GPUs and
/// 32 GiB of memory, and max_runtime 0 (none); in use, two GPUs and two containers, one running.
inline api::CallerLimits MakeCallerLimits() {
  api::CallerLimits caller;
  caller.user = "alice";
  caller.uid = 1001;
  caller.limits = {.max_gpus = 2,
                   .max_gpus_per_container = 1,
                   .allow_full_gpu = true,
                   .max_containers = 3,
                   .memory_bytes = 32ull << 30,
                   .cpus = 8,
                   .shm_size_bytes = 16ull << 30,
                   .pids_limit = 4096,
                   .gpu_hold_after_stop_seconds = 900,
                   .container_hold_after_stop_seconds = 86400,
                   .idle_timeout_seconds = 7200,
                   .max_runtime_seconds = 0,
                   .max_stop_time_seconds = 300,
                   .log_size_bytes = 100ull << 20};
  caller.usage = {.gpus = 2, .containers = 2, .running = 1};
  return caller;
}

/// One frame of the engine's multiplexed output: `stream` 1 is stdout, 2 stderr.
inline std::string Frame(char stream, std::string_view payload) {
  std::string frame = {stream, 0, 0, 0};
  const auto size = static_cast<std::uint32_t>(payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) frame.push_back(static_cast<char>(size >> shift));
  return frame + std::string(payload);
}

/// Everything `fd` gives until its end.
inline std::string ReadAll(int fd) {
  std::string all;
  char buffer[4096];
  ssize_t got = 0;
  while ((got = ::read(fd, buffer, sizeof buffer)) > 0) all.append(buffer, got);
  return all;
}

/// A pipe whose ends close with it, roomy enough (1 MiB) for what a test writes before it
/// reads.
struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    EXPECT_EQ(::pipe(fds), 0);
    EXPECT_GE(::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20), 1 << 20);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  void CloseWriter() {
    ::close(fds[1]);
    fds[1] = -1;
  }
  /// Closes the writing end and reads what was written.
  std::string Drain() {
    CloseWriter();
    return ReadAll(fds[0]);
  }
};

}  // namespace ds01::cli::testing
