#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>

#include "common/clock.h"
#include "core/container_service.h"
#include "daemon/scheduler.h"
#include "docker/events.h"

namespace ds01::daemon {

struct BackgroundJobOptions {
  std::chrono::milliseconds reconcile_every = std::chrono::minutes(1);
  std::chrono::milliseconds retry_after = std::chrono::seconds(5);    // a failed run, a repair
  std::chrono::milliseconds longest_sleep = std::chrono::minutes(5);  // notices clock jumps
  std::size_t max_queued_events = 10'000;
};

/// ds01d's background work as jobs on one Scheduler:
///  - expiry: GPU holds and stopped containers whose time is up, looked at again after every
///    change of state or of the config;
///  - engine events: queued as the follower reads them and handed to the container service in
///    order, never while a reconcile runs;
///  - reconcile: makes the records and the engine agree. It runs every minute, and within
///    seconds when the records may be wrong — a write the state database refused after the
///    engine had already acted (a full disk), a break in the event stream, dropped events —
///    and again until it succeeds. A removed container whose record kept its GPU is therefore
///    gone from the records within seconds of the disk having room.
class BackgroundJobs {
 public:
  BackgroundJobs(core::ContainerService& service, const Clock& clock,
                 BackgroundJobOptions options = {});
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  /// Starts the scheduler's thread.
  void Start() { scheduler_.Start(); }
  /// Ends it after the job under way. Idempotent.
  void Stop() { scheduler_.Stop(); }

  /// A container or the config changed: expiry recomputes its deadline.
  void StateChanged() { scheduler_.Wake(expiry_); }
  /// Queues one engine event; a full queue drops it and asks for a reconcile instead.
  void EngineEvent(docker::Event event);
  /// Asks for a reconcile soon.
  void RecordsMayBeWrong() { scheduler_.Wake(reconcile_); }

 private:
  std::optional<Scheduler::Duration> Expire();
  std::optional<Scheduler::Duration> FollowEvents();
  std::optional<Scheduler::Duration> Reconcile();

  core::ContainerService& service_;
  const Clock& clock_;
  const BackgroundJobOptions options_;
  std::mutex mutex_;
  std::deque<docker::Event> events_;
  bool dropped_events_ = false;
  Scheduler scheduler_;
  Scheduler::JobId expiry_;
  Scheduler::JobId events_job_;
  Scheduler::JobId reconcile_;
};

}  // namespace ds01::daemon
