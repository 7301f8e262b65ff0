#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ds01::daemon {

/// The daemon's background work (no cron, no thread per chore): jobs run one at a time on one
/// thread, each when it is due or has been woken. A job does its work and says how long until
/// it wants to run again. One thread means two jobs never contend with each other — the event
/// intake never waits on a lock a reconcile holds — and a slow job delays the others but
/// never runs twice at once.
class Scheduler {
 public:
  using Duration = std::chrono::milliseconds;
  /// One run of a job; returns the wait before its next run (nullopt: only when woken).
  using Work = std::function<std::optional<Duration>()>;
  using JobId = std::size_t;

  Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  /// Stops, as Stop does.
  ~Scheduler();

  /// Adds a job, first due at once; only before Start. A wake makes it due again, but never
  /// sooner than `min_gap` after its last run began, so that a storm of wakes costs one run
  /// per gap.
  JobId Add(std::string name, Work work, Duration min_gap = Duration::zero());
  /// Starts the thread.
  void Start();
  /// Ends the thread once the run under way, if any, returns. Idempotent.
  void Stop();
  /// Makes `job_id` due now (or at the end of its gap); cheap, from any thread, never waits for
  /// a run.
  void Wake(JobId job_id);

 private:
  using Clock = std::chrono::steady_clock;
  struct Job {
    std::string name;
    Work work;
    Duration min_gap;
    std::optional<Clock::time_point> due;  // nullopt: waits to be woken
    Clock::time_point last_run{};
  };

  void Run();
  // The job due first, and when; nullopt when none is due at all. Under mutex_.
  std::optional<std::pair<JobId, Clock::time_point>> Earliest() const;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ds01::daemon
