#include "daemon/event_follower.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/managed_labels.h"
#include "docker/system.h"

namespace ds01::daemon {
namespace {

constexpr std::chrono::seconds kFirstPause{1};
constexpr std::chrono::seconds kLongestPause{30};

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void LogEntries(const std::vector<core::ReconcileEntry>& entries, std::string_view what,
                spdlog::level::level_enum level) {
  for (const core::ReconcileEntry& entry : entries) {
    spdlog::log(level, "reconcile: {} uid {} container '{}': {}", what, entry.uid, entry.name,
                entry.detail);
  }
}

}  // namespace

docker::EventQuery ManagedContainerEvents(std::int64_t since) {
  docker::EventQuery query;
  query.since = since;
  query.filters = {
      {"type", {"container"}},
      {"label", {core::ManagedFilter()}},
      {"event", {"create", "start", "die", "stop", "kill", "oom", "pause", "unpause", "destroy"}}};
  return query;
}

void LogReconcile(const core::ReconcileReport& report) {
  if (report.clean()) {
    spdlog::info("reconcile: the records match the engine");
    return;
  }
  LogEntries(report.adopted, "adopted", spdlog::level::info);
  LogEntries(report.updated, "updated", spdlog::level::info);
  LogEntries(report.released, "released", spdlog::level::info);
  LogEntries(report.conflicts, "conflict", spdlog::level::warn);
  LogEntries(report.skipped, "skipped", spdlog::level::warn);
}

EventFollower::~EventFollower() { Stop(); }

void EventFollower::Start(std::int64_t since) {
  thread_ = std::thread([this, since] { Run(since); });
}

void EventFollower::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (stream_) stream_->Cancel();
  }
  stopped_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventFollower::Run(std::int64_t since) {
  bool missed = false;  // events may have been lost since the stream broke
  std::chrono::seconds pause = kFirstPause;
  const auto retry_later = [&] {
    missed = true;
    const bool go_on = Pause(pause);
    pause = std::min(pause * 2, kLongestPause);
    return go_on;
  };
  while (!stopping()) {
    if (missed) since = NowSeconds() - 1;
    auto opened = docker::SystemApi(engine_).Events(ManagedContainerEvents(since));
    if (!opened.ok()) {
      spdlog::warn("cannot follow the engine's events: {}", opened.error().ToString());
      if (!retry_later()) return;
      continue;
    }
    std::shared_ptr<docker::EventStream> stream(std::move(*opened));
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stream_ = stream;
    }
    pause = kFirstPause;
    if (missed) {
      // The new stream has everything from here on; a reconcile repairs what went before.
      missed = false;
      on_gap_();
    }
    for (;;) {
      auto next = stream->Next();
      if (!next.ok() || !next->has_value()) {
        if (!stopping()) {
          spdlog::warn("the engine's event stream ended ({}); reconnecting",
                       next.ok() ? "closed by the engine" : next.error().ToString());
        }
        break;
      }
      on_event_(std::move(**next));
    }
    {
      std::lock_guard lock(mutex_);
      stream_.reset();
    }
    if (!retry_later()) return;
  }
}

bool EventFollower::Pause(std::chrono::seconds pause) {
  std::unique_lock lock(mutex_);
  return !stopped_.wait_for(lock, pause, [this] { return stopping_; });
}

bool EventFollower::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

}  // namespace ds01::daemon
