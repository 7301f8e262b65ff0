#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/reconciler.h"
#include "docker/engine.h"
#include "docker/events.h"

namespace ds01::daemon {

/// The engine's events about managed containers that change their state.
docker::EventQuery ManagedContainerEvents(std::int64_t since);

/// Logs what a reconcile changed, one line per container.
void LogReconcile(const core::ReconcileReport& report);

/// Reads the engine's event stream on its own thread and passes each event on (to the
/// background jobs' queue), so that changes made outside ds01 (an exit, an OOM kill, `docker
/// stop` as root) are reflected at once. When the stream breaks it reconnects — with a growing
/// pause while the engine is down — and reports the gap, since events may have been missed.
class EventFollower {
 public:
  EventFollower(docker::Engine& engine, std::function<void(docker::Event)> on_event,
                std::function<void()> on_gap)
      : engine_(engine), on_event_(std::move(on_event)), on_gap_(std::move(on_gap)) {}
  EventFollower(const EventFollower&) = delete;
  EventFollower& operator=(const EventFollower&) = delete;
  /// Stops, as Stop does.
  ~EventFollower();

  /// Starts following events from `since` (Unix seconds): the time just before the reconcile
  /// the caller ran, so that nothing between the two is missed.
  void Start(std::int64_t since);
  /// Ends the stream and joins the thread. Idempotent.
  void Stop();

 private:
  void Run(std::int64_t since);
  // Sleeps for `pause` unless stopped first; false when stopping.
  bool Pause(std::chrono::seconds pause);
  bool stopping();

  docker::Engine& engine_;
  const std::function<void(docker::Event)> on_event_;
  const std::function<void()> on_gap_;
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  std::shared_ptr<docker::EventStream> stream_;  // the one being read, to cancel
  std::thread thread_;
};

}  // namespace ds01::daemon
