#include "daemon/background_jobs.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "daemon/event_follower.h"

namespace ds01::daemon {

BackgroundJobs::BackgroundJobs(core::ContainerService& service, const Clock& clock,
                               BackgroundJobOptions options)
    : service_(service), clock_(clock), options_(options) {
  // Woken by every change; a tenth of a second late is nothing to a deadline of minutes, and
  // spares the thread a sweep per change when hundreds come in a second.
  expiry_ = scheduler_.Add(
      "expiry", [this] { return Expire(); }, std::chrono::milliseconds(100));
  events_job_ = scheduler_.Add("engine events", [this] { return FollowEvents(); });
  reconcile_ = scheduler_.Add(
      "reconcile", [this] { return Reconcile(); }, options_.retry_after);
}

void BackgroundJobs::EngineEvent(docker::Event event) {
  {
    std::lock_guard lock(mutex_);
    if (events_.size() >= options_.max_queued_events) {
      dropped_events_ = true;
    } else {
      events_.push_back(std::move(event));
    }
  }
  scheduler_.Wake(events_job_);
}

std::optional<Scheduler::Duration> BackgroundJobs::Expire() {
  Status swept = service_.ExpireDue();
  auto next = service_.NextDeadline();
  if (!swept.ok() || !next.ok()) {
    spdlog::warn("expiry sweep failed: {}",
                 (!swept.ok() ? swept.error() : next.error()).ToString());
    return options_.retry_after;
  }
  if (!next->has_value()) return options_.longest_sleep;
  return std::clamp(std::chrono::ceil<Scheduler::Duration>(**next - clock_.Now()),
                    Scheduler::Duration(1), options_.longest_sleep);
}

std::optional<Scheduler::Duration> BackgroundJobs::FollowEvents() {
  for (;;) {
    docker::Event event;
    {
      std::lock_guard lock(mutex_);
      if (dropped_events_) {
        dropped_events_ = false;
        spdlog::warn("engine events came faster than ds01d could follow them; reconciling");
        RecordsMayBeWrong();
      }
      if (events_.empty()) return std::nullopt;
      event = std::move(events_.front());
      events_.pop_front();
    }
    Status followed = service_.Follow(event);
    if (!followed.ok()) {
      spdlog::warn("event {} of {}: {}", event.action, event.actor_id.substr(0, 12),
                   followed.error().ToString());
      RecordsMayBeWrong();
    }
  }
}

std::optional<Scheduler::Duration> BackgroundJobs::Reconcile() {
  auto report = service_.Reconcile();
  if (!report.ok()) {
    spdlog::warn("reconcile failed, trying again in {} s: {}",
                 std::chrono::duration_cast<std::chrono::seconds>(options_.retry_after).count(),
                 report.error().ToString());
    return options_.retry_after;
  }
  if (!report->clean()) LogReconcile(*report);
  return options_.reconcile_every;
}

}  // namespace ds01::daemon
